import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';
import { shanghaiDay } from '@shared/time.ts';
import { guideWithCustomer, loggedInContext, startSidebarFixture, type SidebarFixture } from './support/sidebar-fixture.ts';

/** The script library: a guide's own scripts in the sidebar, and the desktop admin page. */
describe('script library', () => {
  let fx: SidebarFixture;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    fx = await startSidebarFixture();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await fx?.stop();
  });

  it('lets a guide add a personal script, which is listed as 我的 and can be deleted', async () => {
    const guide = await guideWithCustomer(fx.app);
    const context = await loggedInContext(browser, fx.app, guide.userid);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${fx.app.url}/scripts?customerId=${guide.customerId}`);
    await page.locator('.script-card').first().waitFor();
    await page.getByRole('button', { name: '我的话术' }).click();
    await page.getByPlaceholder('例如：新品到店提醒').fill('我的开场白');
    await page.getByPlaceholder('可用变量').fill('{客户称呼}您好，我是您的专属顾问～');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByPlaceholder('搜索话术标题或内容').fill('我的开场白');
    const mine = page.locator('.script-card', { hasText: '我的开场白' });
    await mine.locator('.script-card__mine').waitFor();
    // Rendered for this customer: the variable is filled in.
    expect(await mine.locator('.script-card__preview').textContent()).not.toContain('{客户称呼}');
    await mine.getByRole('button', { name: '编辑' }).click();
    await page.getByRole('button', { name: '删除' }).click();
    await page.locator('.van-dialog').getByRole('button', { name: '确认' }).click();
    await mine.waitFor({ state: 'detached' });
  });

  it('lets an admin create a folder and a script in it on the desktop admin page, then delete both', async () => {
    const rows: Array<{ userid: string }> = await fx.app.deps.ds.query("SELECT userid FROM staff WHERE role = 'admin' ORDER BY id LIMIT 1");
    const admin = rows[0];
    if (!admin) throw new Error('demo corp has no admin');
    const context = await loggedInContext(browser, fx.app, admin.userid);
    contexts.push(context);
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${fx.app.url}/admin/scripts`);
    await page.getByRole('heading', { name: '话术库管理' }).waitFor();

    await page.getByLabel('新分类名称').fill('双十二活动');
    await page.getByRole('button', { name: '新建分类' }).click();
    await page.getByRole('button', { name: '双十二活动' }).click();
    await page.getByRole('button', { name: '新建话术' }).click();
    const form = page.locator('.admin-form');
    await form.getByLabel('标题').fill('双十二预告');
    await form.getByLabel(/内容/).fill('{客户称呼}，双十二全场满 300 减 50，记得来找我哦');
    await form.getByRole('button', { name: '保存' }).click();
    const row = page.locator('.admin-scripts__table tr', { hasText: '双十二预告' });
    await row.waitFor();
    await screenshot(page, 'admin-scripts-1280');

    await row.getByRole('button', { name: '删除' }).click();
    await page.locator('.van-dialog').getByRole('button', { name: '确认' }).click();
    await row.waitFor({ state: 'detached' });
    const folderRow = page.locator('.admin-folders__row', { hasText: '双十二活动' });
    await folderRow.getByRole('button', { name: '删除' }).click();
    await page.locator('.van-dialog').getByRole('button', { name: '确认' }).click();
    await folderRow.waitFor({ state: 'detached' });
  });

  it('lets an admin give a script a date window and a condition; the guide sees it 推荐 with the reason, and not outside the window', async () => {
    const rows: Array<{ userid: string }> = await fx.app.deps.ds.query("SELECT userid FROM staff WHERE role = 'admin' ORDER BY id LIMIT 1");
    const admin = rows[0];
    if (!admin) throw new Error('demo corp has no admin');
    const context = await loggedInContext(browser, fx.app, admin.userid, undefined, { width: 1280, height: 900 });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${fx.app.url}/admin/scripts`);
    await page.getByRole('heading', { name: '话术库管理' }).waitFor();
    const today = shanghaiDay(new Date());

    const create = async (title: string, from: string, to: string, shot?: string): Promise<void> => {
      await page.getByRole('button', { name: '新建话术' }).click();
      const form = page.locator('.admin-form');
      await form.getByLabel('标题').fill(title);
      await form.getByLabel(/内容/).fill('{客户称呼}，会员日到店有小礼物，给您留一份');
      await form.getByLabel('生效日期').fill(from);
      await form.getByLabel('失效日期').fill(to);
      await form.getByRole('button', { name: '添加条件' }).click();
      await form.getByLabel('条件 1 的字段').selectOption({ label: '距上次下单（天）' });
      await form.getByLabel('条件 1 的比较').selectOption({ label: '至少' });
      await form.getByLabel('条件 1 的值').fill('0');
      expect(await form.locator('[data-test="condition-summary"]').textContent()).toBe('距上次下单（天） 至少 0');
      if (shot) await screenshot(page, shot);
      await form.getByRole('button', { name: '保存' }).click();
      await page.locator('.admin-scripts__table tr', { hasText: title }).waitFor();
    };
    await create('会员日提醒', today, today, 'admin-script-conditions-1280');
    await create('上月会员日', '2020-01-01', '2020-01-31');

    const stored: Array<{ title: string; valid_from: string; valid_to: string; conditions: string }> = await fx.app.deps.ds.query(
      "SELECT title, valid_from, valid_to, conditions FROM script WHERE title IN ('会员日提醒', '上月会员日') ORDER BY title",
    );
    expect(stored.map((r) => [r.title, r.valid_from, r.valid_to, JSON.parse(r.conditions) as unknown])).toEqual([
      ['上月会员日', '2020-01-01', '2020-01-31', { fact: 'daysSinceLastOrder', op: 'gte', value: 0 }],
      ['会员日提醒', today, today, { fact: 'daysSinceLastOrder', op: 'gte', value: 0 }],
    ]);

    // The guide, on a customer who has ordered: the script in its window is 推荐 and says why; the expired one is not offered.
    const guide = await guideWithCustomer(fx.app);
    const guideContext = await loggedInContext(browser, fx.app, guide.userid);
    contexts.push(guideContext);
    const phone = await guideContext.newPage();
    await phone.goto(`${fx.app.url}/scripts?customerId=${guide.customerId}`);
    await phone.getByPlaceholder('搜索话术标题或内容').fill('会员日');
    const card = phone.locator('.script-card', { hasText: '会员日提醒' });
    await card.waitFor();
    expect(await card.locator('[data-test="rec-reason"]').textContent()).toMatch(/\d+ 天未下单/);
    expect(await phone.locator('.script-card', { hasText: '上月会员日' }).count()).toBe(0);
  });
});
