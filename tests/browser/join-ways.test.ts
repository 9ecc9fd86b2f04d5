import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { registerFeatureJobs } from '@server/jobs-bootstrap.ts';
import { launchBrowser, screenshot } from './browser.ts';
import { loggedInContext, startSidebarFixture, type SidebarFixture } from './support/sidebar-fixture.ts';

const CODE = '直播间福利群';

/**
 * Group join codes (群活码) in Chromium at 375 px: an admin creates a code over two groups
 * on the channel page and sees its QR; a customer joins through it in the simulator and the
 * channel report counts the join under 入群; the admin then edits the code in place, and WeCom
 * (the simulator) holds what update_join_way overwrote it with.
 */
describe('group join codes in Chromium', () => {
  let fx: SidebarFixture;
  let browser: Browser;
  let admin: string;

  beforeAll(async () => {
    fx = await startSidebarFixture();
    fx.sim.callbacks.setTarget({ url: `${fx.app.url}/wecom/callback`, retryDelayMs: 10 });
    await registerFeatureJobs(fx.app.deps, { only: ['channels'] });
    browser = await launchBrowser();
    const rows: Array<{ userid: string }> = await fx.app.deps.ds.query("SELECT userid FROM staff WHERE role = 'admin' ORDER BY id LIMIT 1");
    admin = rows[0]!.userid;
  });
  afterAll(async () => {
    await browser?.close();
    await fx?.stop();
  });

  it('creates a join code over two groups, shows its QR, and the report counts a join as 入群', async () => {
    const context = await loggedInContext(browser, fx.app, admin, undefined, { width: 375, height: 812 });
    const page = await context.newPage();
    await page.goto(`${fx.app.url}/channels`);
    const section = page.getByRole('region', { name: '群活码' });
    await section.getByRole('button', { name: '＋ 新建群活码' }).click();
    await section.getByLabel('名称', { exact: true }).fill(CODE);
    const boxes = section.locator('.joinform__group input');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await section.getByLabel('入群欢迎语（选填）').fill('欢迎入群，置顶有福利～');
    await section.getByRole('button', { name: '创建群活码' }).click();

    const qr = section.getByRole('img', { name: `${CODE} 二维码` });
    await expect.poll(() => qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await expect.poll(() => section.locator('.joinways__item').first().innerText()).toContain('2 个群 · 已入群 0 人');
    await page.locator('.van-toast').waitFor({ state: 'hidden' });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'channels-join-way-375');

    // A new customer scans the code: the add_member callback is attributed by the member's state.
    const [row] = await fx.app.deps.ds.query<Array<{ id: number; config_id: string }>>(
      'SELECT id, config_id FROM group_join_way WHERE name = ?',
      [CODE],
    );
    const way = fx.sim.state.acquisition.joinWays.get(row!.config_id)!;
    const owner = fx.sim.state.groupChats.get(way.chat_id_list[0]!)!.owner;
    const added = await fetch(`${fx.sim.url}/sim/admin/mutations/follow/add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userid: owner, customer: { name: '入群的客户' } }),
    });
    const customer = ((await added.json()) as { result: { external_userid: string } }).result.external_userid;
    const joined = await fetch(`${fx.sim.url}/sim/admin/join-way/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ config_id: row!.config_id, external_userid: customer }),
    });
    expect(joined.status).toBe(200);
    await expect
      .poll(async () => (await fx.app.deps.ds.query<unknown[]>('SELECT id FROM group_join WHERE join_way_id = ?', [row!.id])).length, {
        timeout: 15_000,
      })
      .toBe(1);

    await page.goto(`${fx.app.url}/channels/report`);
    const line = page.locator('.chreport__table tbody tr', { hasText: CODE });
    await line.waitFor();
    const headers = await page.locator('.chreport__table thead th').allInnerTexts();
    const cells = await line.locator('th, td').allInnerTexts();
    expect(cells[headers.indexOf('入群')]).toBe('1');
    await context.close();
  });

  it('edits the code in place: WeCom keeps its config id and state with the new name, groups and settings; a WeCom refusal is a toast', async () => {
    const [row] = await fx.app.deps.ds.query<Array<{ config_id: string; state_key: string; template_id: string }>>(
      'SELECT config_id, state_key, template_id FROM group_join_way WHERE name = ?',
      [CODE],
    );
    const acq = fx.sim.state.acquisition;
    const before = acq.joinWays.get(row!.config_id)!;
    const context = await loggedInContext(browser, fx.app, admin, undefined, { width: 375, height: 812 });
    const page = await context.newPage();
    await page.goto(`${fx.app.url}/channels`);
    const section = page.getByRole('region', { name: '群活码' });
    await section.locator(`[data-join-way="${CODE}"]`).getByRole('button', { name: '编辑' }).click();

    const form = section.getByRole('form', { name: `编辑群活码「${CODE}」` });
    // Prefilled with the code as saved.
    expect(await form.getByLabel('名称', { exact: true }).inputValue()).toBe(CODE);
    const boxes = form.locator('.joinform__group input');
    expect(await Promise.all([0, 1, 2].map((i) => boxes.nth(i).isChecked()))).toEqual([true, true, false]);
    expect(await form.getByLabel('群满后自动建新群').isChecked()).toBe(true);
    expect(await form.getByLabel('入群欢迎语（选填）').inputValue()).toBe('欢迎入群，置顶有福利～');
    // Every control of the form is a full tap target at 375 px, and nothing scrolls sideways.
    for (const target of [
      form.locator('input[type=text], input:not([type]), textarea, button'),
      form.locator('label:has(input[type=checkbox])'),
    ])
      for (const box of await target.evaluateAll((els) => els.map((e) => (e as unknown as { offsetHeight: number }).offsetHeight)))
        expect(box).toBeGreaterThanOrEqual(44);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);

    await form.getByLabel('名称', { exact: true }).fill('直播间福利群·周末场');
    await boxes.nth(1).uncheck();
    await boxes.nth(2).check();
    await form.getByLabel('群满后自动建新群').uncheck();
    await form.getByLabel('入群欢迎语（选填）').fill('周末场福利：入群回复「周末」领券');
    await form.getByRole('button', { name: '保存修改' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'channels-join-way-edit-375');

    // WeCom no longer knows the code (deleted in the admin console): the server's refusal is shown, the form stays.
    acq.joinWays.delete(row!.config_id);
    await form.getByRole('button', { name: '保存修改' }).click();
    await page.locator('.van-toast', { hasText: '企业微信暂时无法保存渠道码，请稍后重试' }).waitFor();
    await expect.poll(() => form.isVisible()).toBe(true);
    acq.joinWays.set(row!.config_id, before);
    await page.locator('.van-toast').waitFor({ state: 'hidden' });

    await form.getByRole('button', { name: '保存修改' }).click();
    const item = section.locator('[data-join-way="直播间福利群·周末场"]');
    await item.waitFor();
    expect(await item.innerText()).toContain('2 个群 · 已入群 1 人');
    expect(await item.innerText()).not.toContain('满群自动建群');
    // update_join_way is a full overwrite: the same config id and state (printed QR codes and attribution keep working).
    const options = await fx.app.deps.ds.query<Array<{ chat_id: string }>>(
      'SELECT g.chat_id FROM group_chat g WHERE g.dismissed_at IS NULL ORDER BY g.member_count DESC, g.id',
    );
    expect(acq.joinWays.get(row!.config_id)).toEqual({
      config_id: row!.config_id,
      scene: 2,
      remark: '直播间福利群·周末场',
      auto_create_room: 0,
      chat_id_list: [options[0]!.chat_id, options[2]!.chat_id],
      state: row!.state_key,
    });
    expect(acq.groupWelcomeTemplates.get(row!.template_id)?.text?.content).toBe('周末场福利：入群回复「周末」领券');
    const [saved] = await fx.app.deps.ds.query<Array<{ name: string; auto_create: number | boolean }>>(
      'SELECT name, auto_create FROM group_join_way WHERE config_id = ?',
      [row!.config_id],
    );
    expect(saved).toMatchObject({ name: '直播间福利群·周末场' });
    expect(Number(saved!.auto_create)).toBe(0);
    await context.close();
  });
});
