import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { registerFeatureJobs } from '@server/jobs-bootstrap.ts';
import { launchBrowser, screenshot } from './browser.ts';
import { loggedInContext, startSidebarFixture, type SidebarFixture } from './support/sidebar-fixture.ts';

const CODE = '直播间福利群';

/**
 * Group join codes (群活码) in Chromium at 375 px: an admin creates a code over two groups
 * on the channel page and sees its QR; a customer joins through it in the simulator and the
 * channel report counts the join under 入群.
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
    const boxes = section.locator('.joinways__group input');
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
});
