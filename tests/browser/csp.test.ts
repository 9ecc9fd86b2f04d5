import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { rebuildRollup } from '@server/features/reports/rollup.ts';
import { DAY_MS, shanghaiDay } from '@shared/time.ts';
import { SESSION_COOKIE } from '@server/auth/session.ts';
import { launchBrowser } from './browser.ts';
import { WECOM_UA } from './support/wecom-stub.ts';
import {
  guideWithCustomer,
  loggedInContext,
  ownerWithGroup,
  startSidebarFixture,
  storeManager,
  type SidebarFixture,
} from './support/sidebar-fixture.ts';

/** Records every Content-Security-Policy violation of the page, from before its first script. */
async function watchViolations(context: BrowserContext): Promise<void> {
  await context.addInitScript({
    content: `window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(e.effectiveDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || '') + ' ' + (e.target && e.target.outerHTML ? e.target.outerHTML.slice(0, 160) : String(e.target)) + ' ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber);
    });`,
  });
}
const violations = (page: Page): Promise<string[]> => page.evaluate(() => (globalThis as unknown as { __csp: string[] }).__csp);

/** The built sidebar under the server's Content-Security-Policy. */
describe('sidebar under the Content-Security-Policy', () => {
  let fx: SidebarFixture;
  let browser: Browser;
  beforeAll(async () => {
    fx = await startSidebarFixture();
    const now = new Date();
    await rebuildRollup(fx.app.deps.ds, shanghaiDay(new Date(now.getTime() - 400 * DAY_MS)), shanghaiDay(now));
    // The browser starts once the rollup is written: on SQLite the rebuild holds the event loop, and the
    // browser's pipe should not sit unread meanwhile.
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await fx?.stop();
  });

  it('runs the guide pages (home, customer tabs, group, scripts) without a single violation', async () => {
    const guide = await guideWithCustomer(fx.app);
    const owner = await ownerWithGroup(fx.app);
    const context = await loggedInContext(browser, fx.app, owner.userid);
    await watchViolations(context);
    const page = await context.newPage();
    const res = await page.goto(`${fx.app.url}/home`);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('.customer-item, .van-empty').first().waitFor();
    expect(await violations(page)).toEqual([]);
    await page.goto(`${fx.app.url}/groups/${owner.groupId}`);
    await page.locator('[data-test="group-name"]').waitFor();
    expect(await violations(page)).toEqual([]);
    await context.close();

    const guideContext = await loggedInContext(browser, fx.app, guide.userid);
    await watchViolations(guideContext);
    const guidePage = await guideContext.newPage();
    await guidePage.goto(`${fx.app.url}/customers/${guide.customerId}`);
    await guidePage.locator('.customer-header').waitFor();
    for (const tab of ['订单', '动态', '跟进', '聊天记录', '资料']) {
      const t = guidePage.getByRole('tab', { name: tab });
      if (await t.count()) await t.first().click();
    }
    await guidePage.getByRole('button', { name: '打标签' }).click();
    await guidePage.locator('.tag-chip').first().waitFor();
    expect(await violations(guidePage)).toEqual([]);
    await guidePage.goto(`${fx.app.url}/scripts?customerId=${guide.customerId}`);
    await guidePage.locator('.script-card').first().waitFor();
    expect(await violations(guidePage)).toEqual([]);
    await guideContext.close();
  });

  it('draws the report charts, readout included, without a violation', async () => {
    const context = await loggedInContext(browser, fx.app, await storeManager(fx.app));
    await watchViolations(context);
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${fx.app.url}/reports`);
    await page.locator('.team__total').waitFor();
    await page.getByRole('tab', { name: '趋势' }).click();
    const chart = page.locator('.trend__chart[data-drawn] svg');
    await chart.waitFor({ timeout: 20_000 });
    const box = await chart.boundingBox();
    if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.getByRole('tab', { name: '客户价值' }).click();
    await page.getByText('各导购客户分层').waitFor();
    expect(await violations(page)).toEqual([]);
    await context.close();
  });

  it('logs out from the home page in the WeCom client: the cookie is gone and the status page offers 重新登录', async () => {
    const guide = await guideWithCustomer(fx.app);
    const context = await loggedInContext(browser, fx.app, guide.userid, WECOM_UA);
    await watchViolations(context);
    const page = await context.newPage();
    await page.goto(`${fx.app.url}/home`);
    const button = page.locator('[data-test="logout"]');
    await button.waitFor();
    const size = await button.boundingBox();
    expect(size!.height).toBeGreaterThanOrEqual(44);
    expect(size!.width).toBeGreaterThanOrEqual(44);
    const posted = page.waitForResponse((r) => r.url().endsWith('/auth/logout'));
    await button.click();
    expect((await posted).status()).toBe(204);
    await page.waitForURL('**/status');
    await page.getByText('已退出登录').waitFor();
    await page.locator('[data-test="relogin"]').waitFor();
    expect((await context.cookies()).find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
    expect(await violations(page)).toEqual([]);
    await context.close();
  });
});
