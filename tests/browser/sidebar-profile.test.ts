import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, settled } from './browser.ts';
import { bridgeCalls } from './support/wecom-stub.ts';
import { useWecomSidebar } from './support/wecom-sidebar.ts';
import { storeManager } from './support/sidebar-fixture.ts';

const MARK_TAG = '/cgi-bin/externalcontact/mark_tag';

/** 渐进式画像 in 资料 and the group owner's member sheet, inside a stubbed WeCom client running the real @wecom/jssdk. */
describe('profile fields and group member tagging in WeCom', () => {
  const w = useWecomSidebar();

  const minHeight = async (page: Page, selector: string) =>
    Math.min(...(await page.locator(selector).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))));

  it('fills a custom field and a mirrored choice in 资料; the hint shrinks and the tag reaches WeCom', async () => {
    const page = await w.open(w.guide.userid, { entry: 'single_chat_tools', externalUserid: w.guide.externalUserid });
    await page.waitForURL(`**/customers/${w.guide.customerId}`);
    expect((await bridgeCalls(page)).map((c) => c.name)).toContain('getCurExternalContact');
    await page.getByRole('tab', { name: '资料' }).click();
    const hint = page.locator('[data-test="completeness"]');
    await hint.waitFor();
    expect(await hint.textContent()).toContain('肤质困扰');

    await page.locator('[data-field="肤质困扰"]').click();
    await page.locator('.field-editor__option[data-option="痘痘"]').click();
    await page.locator('.field-editor__option[data-option="暗沉"]').click();
    const saved = page.waitForResponse((r) => r.url().endsWith(`/api/customers/${w.guide.customerId}/profile-fields`));
    await page.getByRole('button', { name: '保存' }).click();
    expect((await saved).status()).toBe(200);
    await page.locator('[data-field="肤质困扰"] .profile-fields__value', { hasText: '痘痘、暗沉' }).waitFor();
    expect(await hint.textContent()).not.toContain('肤质困扰');

    // 肤质 mirrors the 肤质 tag group: the choice goes to WeCom with mark_tag and shows in the tag card at once.
    const calls = w.fx.sim.stats.bodies(MARK_TAG).length;
    await page.locator('[data-field="肤质"]').click();
    const option = page.locator('.field-editor__option[aria-pressed="false"]').first();
    const skin = (await option.getAttribute('data-option')) ?? '';
    await option.click();
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('[data-field="肤质"] .profile-fields__value', { hasText: skin }).waitFor();
    const sent = w.fx.sim.stats.bodies(MARK_TAG).slice(calls) as Array<{ userid: string; external_userid: string; add_tag?: string[] }>;
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ userid: w.guide.userid, external_userid: w.guide.externalUserid });
    const added = sent[0]?.add_tag?.map((id) => w.fx.sim.state.tags.get(id)?.name);
    expect(added).toEqual([skin]);
    expect(await page.locator('.customer-tags .tag-chip.is-mine', { hasText: skin }).count()).toBe(1);

    expect(await minHeight(page, '.profile-fields__row')).toBeGreaterThanOrEqual(44);
    await page.locator('.van-toast').waitFor({ state: 'hidden' });
    // The card's title under the sticky tabs, then the whole card.
    await page.locator('.profile-fields').evaluate((el) => el.scrollIntoView());
    await page.mouse.wheel(0, -60);
    await settled(page);
    await screenshot(page, 'profile-fields-375');
  });

  it('lets an admin define a field and make a tag group 单选; the guide then fills the new field in 资料', async () => {
    const admins: Array<{ userid: string }> = await w.fx.app.deps.ds.query(
      "SELECT userid FROM staff WHERE role = 'admin' ORDER BY id LIMIT 1",
    );
    const admin = admins[0]?.userid;
    if (!admin) throw new Error('the demo corp has no admin');
    const context = await w.context(admin);
    const desk = await context.newPage();
    await desk.setViewportSize({ width: 1280, height: 900 });
    await desk.goto(`${w.fx.app.url}/admin/profile-fields`);
    const form = desk.getByRole('form', { name: '新建资料字段' });
    await form.getByLabel('字段名').fill('香型偏好');
    await form.getByLabel('类型').selectOption({ label: '单选' });
    await form.getByLabel('选项').fill('花香、果香、木质');
    await form.getByRole('button', { name: '新建字段' }).click();
    await desk.locator('[data-profile-field="香型偏好"]').waitFor();
    // 生日月份: a customer has one birthday month, so the admin makes the group single-choice.
    const months = desk.locator('[data-tag-group="生日月份"]').getByRole('checkbox');
    expect(await months.isChecked()).toBe(false);
    const saved = desk.waitForResponse((r) => /\/api\/tag-groups\/[^/]+\/settings$/.test(r.url()));
    await months.check();
    expect((await saved).status()).toBe(200);
    const singles: Array<{ single_choice: unknown }> = await w.fx.app.deps.ds.query(
      "SELECT s.single_choice FROM tag_group_setting s JOIN tag_group g ON g.id = s.group_id WHERE g.name = '生日月份'",
    );
    expect(singles.map((r) => Number(r.single_choice))).toEqual([1]);
    const stored: Array<{ label: string; type: string; options: string }> = await w.fx.app.deps.ds.query(
      "SELECT label, type, options FROM profile_field WHERE label = '香型偏好'",
    );
    expect(stored.map((r) => [r.label, r.type, JSON.parse(r.options) as unknown])).toEqual([
      ['香型偏好', 'single', ['花香', '果香', '木质']],
    ]);

    const page = await w.open(w.guide.userid, { entry: 'single_chat_tools', externalUserid: w.guide.externalUserid });
    await page.waitForURL(`**/customers/${w.guide.customerId}`);
    await page.getByRole('tab', { name: '资料' }).click();
    expect(await page.locator('[data-test="completeness"]').textContent()).toContain('香型偏好');
    await page.locator('[data-field="香型偏好"]').click();
    await page.locator('.field-editor__option[data-option="木质"]').click();
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('[data-field="香型偏好"] .profile-fields__value', { hasText: '木质' }).waitFor();
    expect(await page.locator('[data-test="completeness"]').textContent()).not.toContain('香型偏好');
  });

  it('tags a group member from the sheet in place; members the owner cannot open look different and say why', async () => {
    const page = await w.open(w.owner.userid, { entry: 'group_chat_tools', chatId: w.owner.chatId });
    await page.waitForURL(`**/groups/${w.owner.groupId}`);
    await page.locator('.member-item').first().waitFor();

    const locked = page.locator('.member-item.is-locked').first();
    if ((await locked.count()) > 0) {
      expect(await locked.textContent()).toContain('非你的客户');
      await locked.locator('.member-item__main').click();
      await page.locator('.van-dialog', { hasText: '没有添加 TA 为好友' }).waitFor();
      await settled(page);
      await screenshot(page, 'group-member-locked-375');
      await page.getByRole('button', { name: '知道了' }).click();
    }

    const tagButton = page.locator('.member-item__tag').first();
    expect(await minHeight(page, '.member-item__tag')).toBeGreaterThanOrEqual(44);
    await tagButton.click();
    const sheet = page.locator('.member-tag-sheet');
    await sheet.locator('.member-tag-sheet__chip').first().waitFor();
    expect(await sheet.textContent()).toContain('点击添加或移除');
    const chip = sheet.locator('.member-tag-sheet__chip[aria-pressed="false"]').first();
    const name = (await chip.getAttribute('data-tag')) ?? '';
    const calls = w.fx.sim.stats.bodies(MARK_TAG).length;
    const posted = page.waitForResponse((r) => /\/api\/customers\/\d+\/tags$/.test(r.url()) && r.request().method() === 'POST');
    await chip.click();
    expect((await posted).status()).toBe(200);
    expect(await sheet.locator(`.member-tag-sheet__chip[data-tag="${name}"]`).getAttribute('aria-pressed')).toBe('true');
    const sent = w.fx.sim.stats.bodies(MARK_TAG).slice(calls) as Array<{ userid: string; add_tag?: string[] }>;
    expect(sent.map((b) => [b.userid, b.add_tag?.map((id) => w.fx.sim.state.tags.get(id)?.name)])).toEqual([[w.owner.userid, [name]]]);
    expect(await minHeight(page, '.member-tag-sheet__chip')).toBeGreaterThanOrEqual(44);
    await settled(page);
    await screenshot(page, 'group-member-sheet-375');
  });

  it('lets a store manager rename a group tag in its row, without a browser prompt', async () => {
    const manager = await storeManager(w.fx.app);
    const context = await w.context(manager);
    const page = await context.newPage();
    page.on('dialog', (d) => {
      throw new Error(`unexpected browser dialog: ${d.type()}`);
    });
    await page.goto(`${w.fx.app.url}/admin/group-tags`);
    await page.getByLabel('新群标签名称').fill('试用群');
    await page.getByRole('button', { name: '新建' }).click();
    const row = page.locator('[data-group-tag="试用群"]');
    await row.waitFor();
    await row.getByRole('button', { name: '改名' }).click();
    const input = row.getByLabel('新的名称');
    expect(await input.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await input.fill('新品试用群');
    await row.getByRole('button', { name: '保存' }).click();
    await page.locator('[data-group-tag="新品试用群"]').waitFor();
    expect(await page.locator('[data-group-tag="试用群"]').count()).toBe(0);
    const stored: Array<{ name: string }> = await w.fx.app.deps.ds.query(`SELECT name FROM group_tag WHERE name LIKE '%试用群'`);
    expect(stored.map((r) => r.name)).toEqual(['新品试用群']);
    expect(await minHeight(page, '[data-group-tag="新品试用群"] .admin-page__btn')).toBeGreaterThanOrEqual(44);
  });

  it('shows guides the admin pages without any edit control', async () => {
    const context = await w.context(w.guide.userid);
    const page = await context.newPage();
    await page.goto(`${w.fx.app.url}/admin/group-tags`);
    await page.locator('[data-group-tag]').first().waitFor();
    const adminPage = page.locator('main.admin-page');
    expect(await adminPage.getByRole('button').count()).toBe(0);
    expect(await adminPage.locator('input, select').count()).toBe(0);
    await page.goto(`${w.fx.app.url}/admin/profile-fields`);
    await page.locator('[data-profile-field]').first().waitFor();
    expect(await adminPage.getByRole('button').count()).toBe(0);
    expect(await adminPage.locator('input, select').count()).toBe(0);
    expect(await adminPage.textContent()).toContain('需要管理员权限');
  });
});
