import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { rebuildRollup } from '@server/features/reports/rollup.ts';
import { DAY_MS, shanghaiDay } from '@shared/time.ts';
import { launchBrowser, screenshot } from './browser.ts';
import { loggedInContext, startSidebarFixture, type SidebarFixture } from './support/sidebar-fixture.ts';

describe('manager report page in Chromium', () => {
  let fx: SidebarFixture;
  let browser: Browser;
  let manager: string;

  beforeAll(async () => {
    fx = await startSidebarFixture();
    browser = await launchBrowser();
    const now = new Date();
    await rebuildRollup(fx.app.deps.ds, shanghaiDay(new Date(now.getTime() - 400 * DAY_MS)), shanghaiDay(now));
    // A regional manager of the demo brand: a department leader, so the policy scopes them to their region.
    const rows: Array<{ userid: string }> = await fx.app.deps.ds.query(
      `SELECT s.userid FROM staff s JOIN staff_department sd ON sd.staff_id = s.id WHERE sd.is_leader = 1 ORDER BY s.id LIMIT 1`,
    );
    manager = rows[0]!.userid;
  });
  afterAll(async () => {
    await browser?.close();
    await fx?.stop();
  });

  for (const [size, viewport] of [
    ['375', { width: 375, height: 812 }],
    ['1280', { width: 1280, height: 800 }],
  ] as const) {
    it(`shows the team table with a totals row and draws the trend chart (${size} px)`, async () => {
      const context = await loggedInContext(browser, fx.app, manager);
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      await page.goto(`${fx.app.url}/reports`);
      await page.getByRole('heading', { name: '团队报表' }).waitFor();
      await page.locator('.team__total').waitFor();
      expect(await page.locator('.team__table tbody tr').count()).toBeGreaterThan(1);
      await screenshot(page, `reports-team-${size}`);
      await page.getByRole('tab', { name: '趋势' }).click();
      await page.locator('.trend__chart canvas').waitFor({ timeout: 20_000 });
      await screenshot(page, `reports-trend-${size}`);
      await page.getByRole('tab', { name: '客户价值' }).click();
      await page.getByText('各导购客户分层').waitFor();
      await screenshot(page, `reports-value-${size}`);
      await context.close();
    });
  }
});
