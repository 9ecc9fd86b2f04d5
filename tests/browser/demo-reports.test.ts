import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildConfig } from '@server/config/index.ts';
import { parseEnv } from '@server/config/env.ts';
import { attachDemoSimulator, loadDemoCorp } from '@server/demo/demo-mode.ts';
import { DEMO_LOAD_PARTS } from '@server/demo/load/load-parts.ts';
import { startServer, type RunningServer } from '@server/server.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { launchBrowser, newPage, screenshot } from './browser.ts';
import { chartPainted } from './support/charts.ts';

const EMPTY = '.simple__empty, .team__empty, .reports__error, .chunk--error, .van-empty';

/**
 * The demo as an evaluator meets it: the server's own demo load (the default 2,000 customers and
 * 12 guides, the living history), the admin picked in the dev bar, every report tab at 1280 and 375 px.
 */
describe('the demo corp in Chromium', () => {
  let db: TestDatabase;
  let running: RunningServer;
  let browser: Browser;
  let admin: { userid: string; name: string };
  beforeAll(async () => {
    db = await createTestDatabase();
    const config = buildConfig(parseEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: db.url }));
    // As main.ts does in demo mode: the OAuth page is the simulator's, on this origin.
    config.WECOM_OAUTH_BASE = '';
    running = await startServer(config, { port: 0, host: '127.0.0.1' });
    const sim = await attachDemoSimulator(running.deps, running.url);
    await loadDemoCorp(running.deps, sim);
    const rows: Array<{ userid: string; name: string }> = await running.deps.ds.query(
      "SELECT s.userid, s.name FROM staff s JOIN department d ON d.name = '总部运营中心' JOIN staff_department sd ON sd.staff_id = s.id AND sd.department_id = d.id",
    );
    if (!rows[0]) throw new Error('the demo corp has no HQ operations member');
    admin = rows[0];
    browser = await launchBrowser();
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close(1000);
    await db?.drop();
  });

  for (const size of ['1280', '375'] as const) {
    it(`shows the admin every report tab with figures and drawn charts (${size} px)`, { timeout: 180_000 }, async () => {
      const page = await newPage(browser, size === '375' ? 'phone' : 'desktop');
      await page.goto(`${running.url}/`);
      // The HQ operations member is the demo's admin without ADMIN_USERIDS, listed first in the dev bar.
      await page.locator('[data-test="dev-staff"] optgroup[label="总部管理员"] option').first().waitFor({ state: 'attached' });
      await page.locator('[data-test="dev-staff"]').selectOption(admin.userid);
      await page.waitForURL('**/home');
      await page.goto(`${running.url}/reports`);
      await page.getByRole('heading', { name: '团队报表' }).waitFor();
      await page.locator('.team__total').waitFor();
      // The brand's guides with customers (twelve, one of whom has left with customers waiting for a handover); nobody idle.
      expect(await page.locator('.team__table tbody tr').count()).toBeGreaterThanOrEqual(11);
      await screenshot(page, `demo-reports-team-${size}`);

      const tab = (name: string) => page.getByRole('tab', { name, exact: true }).click();
      await tab('趋势');
      expect(await chartPainted(page, 30_000)).toBe(true);
      await screenshot(page, `demo-reports-trend-${size}`);

      await tab('客户价值');
      await page.locator('.value__row').first().waitFor();
      await screenshot(page, `demo-reports-value-${size}`);

      await tab('话术');
      await page.locator('.simple__table tbody tr').first().waitFor();
      // Library scripts with sends, replies and orders after them.
      expect(await page.locator('.simple__table tbody tr').count()).toBeGreaterThanOrEqual(10);
      await screenshot(page, `demo-reports-scripts-${size}`);

      await tab('客户群');
      await page.locator('.simple__table tbody tr').first().waitFor();
      await screenshot(page, `demo-reports-groups-${size}`);

      expect(await page.locator(EMPTY).count()).toBe(0);
      await page.context().close();
    });
  }

  it('shows the admin every demo-load part done and the background jobs on /status', { timeout: 120_000 }, async () => {
    const page = await newPage(browser, 'phone');
    await page.goto(`${running.url}/`);
    await page.locator(`[data-test="dev-staff"] option[value="${admin.userid}"]`).waitFor({ state: 'attached' });
    await page.locator('[data-test="dev-staff"]').selectOption(admin.userid);
    await page.waitForURL('**/home');
    await page.goto(`${running.url}/status`);
    const parts = page.locator('[data-test="demo-load"] .status-list__row');
    await parts.first().waitFor();
    expect(await parts.count()).toBe(DEMO_LOAD_PARTS.length);
    expect(await page.locator('[data-test="demo-load"] .status-list__row--ok').count()).toBe(DEMO_LOAD_PARTS.length);
    await page.locator('[data-test="job-health"] .status-list__row').first().waitFor();
    await screenshot(page, 'demo-status-375');
    await page.context().close();
  });

  it('shows script posters and card covers drawn by the simulator in the send preview', { timeout: 120_000 }, async () => {
    const page = await newPage(browser, 'phone');
    await page.goto(`${running.url}/`);
    await page.locator(`[data-test="dev-staff"] option[value="${admin.userid}"]`).waitFor({ state: 'attached' });
    await page.locator('[data-test="dev-staff"]').selectOption(admin.userid);
    await page.waitForURL('**/home');
    await page.goto(`${running.url}/scripts`);
    for (const [title, img] of [
      ['品牌介绍海报', '.script-content__image'],
      ['秋冬护肤指南', '.script-content__card img'],
    ] as const) {
      await page.getByPlaceholder('搜索话术标题或内容').fill(title);
      const card = page.locator('.script-card', { hasText: title }).first();
      await card.locator('.script-card__head').click();
      const picture = page.locator(`.send-sheet ${img}`);
      await picture.waitFor();
      await expect
        .poll(() => picture.evaluate((node) => (node as unknown as { naturalWidth: number }).naturalWidth), { timeout: 15_000 })
        .toBeGreaterThan(0);
      expect(await picture.getAttribute('src')).toMatch(/^\/sim\/asset\/[a-z-]+\.svg$/);
      // The sheet slides up: let its transition finish before the screenshot.
      await page.evaluate(() =>
        Promise.all(
          (globalThis as unknown as { document: { getAnimations(): Array<{ finished: Promise<unknown> }> } }).document
            .getAnimations()
            // A cancelled animation's `finished` rejects (AbortError); it has stopped all the same.
            .map((a) => a.finished.catch(() => undefined)),
        ),
      );
      await screenshot(page, `demo-script-${title === '品牌介绍海报' ? 'image' : 'card'}-375`);
      await page.locator('.send-sheet .van-popup__close-icon').click();
      await page.locator('.send-sheet').waitFor({ state: 'hidden' });
    }
    await page.context().close();
  });

  it('lets a guide search all their customers and keeps the chosen chat across a reload', { timeout: 120_000 }, async () => {
    const [guide] = (await running.deps.ds.query(
      `SELECT s.userid, COUNT(*) AS n FROM staff s JOIN customer_follow f ON f.staff_id = s.id AND f.lost_at IS NULL
        WHERE s.role = 'guide' AND s.status = 1 GROUP BY s.userid ORDER BY n DESC LIMIT 1`,
    )) as Array<{ userid: string; n: number | string }>;
    if (!guide) throw new Error('no guide');
    expect(Number(guide.n)).toBeGreaterThan(50);
    // The customer the list leaves out (the guide's oldest relation), found by searching.
    const [oldest] = (await running.deps.ds.query(
      `SELECT c.id, c.name, c.external_userid FROM customer_follow f JOIN customer c ON c.id = f.customer_id JOIN staff s ON s.id = f.staff_id
        WHERE s.userid = ? AND f.lost_at IS NULL ORDER BY f.added_at, f.id LIMIT 1`,
      [guide.userid],
    )) as Array<{ id: number; name: string; external_userid: string }>;
    if (!oldest) throw new Error('no customer');
    const page = await newPage(browser);
    await page.goto(`${running.url}/`);
    await page.locator(`[data-test="dev-staff"] option[value="${guide.userid}"]`).waitFor({ state: 'attached' });
    await page.locator('[data-test="dev-staff"]').selectOption(guide.userid);
    await page.waitForURL('**/home');
    const option = page.locator(`[data-test="dev-chat"] option[value="c:${oldest.external_userid}"]`);
    await page.locator('[data-test="dev-search"]').fill(oldest.external_userid);
    await option.waitFor({ state: 'attached' });
    await page.locator('[data-test="dev-chat"]').selectOption(`c:${oldest.external_userid}`);
    await page.waitForURL(`**/customers/${oldest.id}`);
    await page.reload();
    await page.locator('.customer-header').waitFor();
    // The dev bar picks the chat up again once it has loaded its lists.
    await expect.poll(() => page.locator('[data-test="dev-chat"]').inputValue(), { timeout: 15_000 }).toBe(`c:${oldest.external_userid}`);
    // Faces load from the simulator on this origin.
    const avatar = page.locator('.customer-header img.app-avatar');
    await avatar.waitFor();
    expect(await avatar.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await screenshot(page, 'demo-customer-after-reload-375');
    await page.context().close();
  });
});
