import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { fromDbTime } from '@server/db/sql.ts';
import { shanghaiDay } from '@shared/time.ts';
import { launchBrowser, screenshot } from './browser.ts';
import { loggedInContext, startSidebarFixture, type SidebarFixture } from './support/sidebar-fixture.ts';

describe('transfer page in Chromium: filter → count → confirm → progress → results', () => {
  let fx: SidebarFixture;
  let browser: Browser;
  let admin = '';
  const staffName = async (userid: string) =>
    ((await fx.app.deps.ds.query('SELECT name FROM staff WHERE userid = ?', [userid])) as Array<{ name: string }>)[0]?.name ?? '';

  beforeAll(async () => {
    fx = await startSidebarFixture();
    browser = await launchBrowser();
    const rows: Array<{ userid: string }> = await fx.app.deps.ds.query("SELECT userid FROM staff WHERE role = 'admin' LIMIT 1");
    admin = rows[0]?.userid ?? '';
    // guide_001 has left: WeCom lists their customers as unassigned, the sync has marked them 5.
    fx.sim.transfers.resign('guide_001', fx.sim.transfers.now() - 2 * 86_400);
    await fx.app.deps.ds.query("UPDATE staff SET status = 5 WHERE userid = 'guide_001'");
  });
  afterAll(async () => {
    await browser?.close();
    await fx?.stop();
  });

  it("hands a resigned guide's customers to a colleague and shows progress and results (1280)", async () => {
    const waiting = fx.sim.state.customersByUser.get('guide_001')?.length ?? 0;
    expect(waiting).toBeGreaterThan(0);
    const context = await loggedInContext(browser, fx.app, admin, undefined, { width: 1280, height: 900 });
    const page = await context.newPage();
    await page.goto(`${fx.app.url}/admin/transfer`);
    await page.getByRole('heading', { name: '客户转交' }).waitFor();
    const handover = await staffName('guide_001');
    await page.locator('[data-test=transfer-handover]').selectOption({ label: `${handover}（已离职，待分配 ${waiting} 位）` });
    const count = page.locator('[data-test=transfer-count]');
    await count.waitFor();
    expect(await count.textContent()).toContain(`将转交 ${waiting} 位客户`);
    const takeover = await staffName('guide_002');
    await page.locator('[data-test=transfer-takeover]').selectOption({ label: takeover });
    await page.locator('[data-test=transfer-confirm]').click();
    const results = page.locator('[data-test=transfer-results]');
    await results.waitFor();
    await page.getByText(`等待接替 ${waiting}`).waitFor({ timeout: 15_000 });
    expect(await results.textContent()).toContain(`→ ${takeover}`);
    await screenshot(page, 'transfer-1280');
    await context.close();
  });

  it("counts the customers of a whole store's on-job guides when the store is the filter", async () => {
    const [store] = (await fx.app.deps.ds.query(
      `SELECT d.id, d.name, COUNT(DISTINCT f.customer_id) AS n FROM department d
         JOIN staff_department sd ON sd.department_id = d.id
         JOIN staff s ON s.id = sd.staff_id AND s.status = 1 AND s.role = 'guide' AND s.is_follow_user = 1
         JOIN customer_follow f ON f.staff_id = s.id AND f.lost_at IS NULL
        WHERE NOT EXISTS (SELECT 1 FROM transfer_item t WHERE t.customer_id = f.customer_id AND t.state IN ('queued', 'calling', 'waiting'))
        GROUP BY d.id, d.name ORDER BY d.id LIMIT 1`,
    )) as Array<{ id: number; name: string; n: number }>;
    expect(store).toBeDefined();
    const context = await loggedInContext(browser, fx.app, admin, undefined, { width: 1280, height: 900 });
    const page = await context.newPage();
    await page.goto(`${fx.app.url}/admin/transfer`);
    await page.locator('[data-test=transfer-store]').selectOption({ label: store?.name ?? '' });
    const handover = page.locator('[data-test=transfer-handover]');
    await handover.selectOption({ value: 'store' });
    const count = page.locator('[data-test=transfer-count]');
    await count.waitFor();
    expect(await count.textContent()).toContain(`将转交 ${Number(store?.n)} 位客户`);
    await context.close();
  });

  it('shows a refusal among the results on a phone (375)', async () => {
    const refused = fx.sim.transfers.transfers[0]?.externalUserid ?? '';
    fx.sim.transfers.refuse(refused);
    const context = await loggedInContext(browser, fx.app, admin);
    const page = await context.newPage();
    await page.goto(`${fx.app.url}/admin/transfer`);
    await page.getByText('最近的转交').waitFor();
    await page.locator('.transfer-history__item').first().click();
    await page.locator('[data-test=transfer-results]').waitFor();
    // The engine's next poll reads WeCom's result; the page shows the refusal in Chinese.
    const { runTransfers } = await import('@server/features/transfer/index.ts');
    await runTransfers(fx.app.deps);
    await page.getByRole('tab', { name: '失败' }).click();
    await page.getByText('客户拒绝了转接').waitFor({ timeout: 10_000 });
    await page.getByRole('tab', { name: '全部' }).click();
    await page.locator('[data-test=transfer-results]').scrollIntoViewIfNeeded();
    await screenshot(page, 'transfer-375');
    await context.close();
  });

  it('once WeCom completes, the new guide sees who handed the customer over, on the profile and the timeline (375)', async () => {
    fx.sim.transfers.advance(25 * 3600);
    const { runTransfers } = await import('@server/features/transfer/index.ts');
    await runTransfers(fx.app.deps);
    const rows: Array<{ customer_id: number; completed_at: unknown }> = await fx.app.deps.ds.query(
      "SELECT customer_id, completed_at FROM transfer_item WHERE state = 'transferred' AND takeover_userid = 'guide_002' ORDER BY id LIMIT 1",
    );
    const item = rows[0];
    expect(item).toBeDefined();
    const handover = await staffName('guide_001');
    const day = shanghaiDay(fromDbTime(item?.completed_at) ?? new Date(0));
    const context = await loggedInContext(browser, fx.app, 'guide_002');
    const page = await context.newPage();
    await page.goto(`${fx.app.url}/customers/${item?.customer_id}`);
    const added = page.locator('[data-test=customer-added]');
    await added.waitFor();
    expect(await added.textContent()).toBe(`由 ${handover} 转交（${day}）`);
    // Inherited, not newly added: no 新好友破冰 for a customer the colleague has served for months.
    await page.locator('.next-actions__item, .next-actions__empty').first().waitFor();
    expect(await page.locator('.next-actions').textContent()).not.toContain('新好友');
    await page.getByRole('tab', { name: '动态' }).click();
    const entry = page.locator('.timeline__item', { hasText: '转交' }).first();
    await entry.waitFor();
    expect(await entry.locator('.timeline__summary').textContent()).toBe(`由 ${handover} 转交给 ${await staffName('guide_002')}`);
    await screenshot(page, 'transfer-customer-375');
    await context.close();
  });
});
