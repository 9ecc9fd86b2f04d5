import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { installWecomStub, WECOM_UA } from './support/wecom-stub.ts';
import { markProfilePaint, paintTraffic } from './support/profile-paint.ts';
import {
  guideWithCustomer,
  loggedInContext,
  startSidebarFixture,
  type GuideWithCustomer,
  type SidebarFixture,
} from './support/sidebar-fixture.ts';

/**
 * What opening a 1v1 chat costs on the wire, through the real @wecom/jssdk and a stubbed bridge:
 * two API calls before the profile shows, and every file and answer compressed.
 */
describe('opening the sidebar on a 1v1 chat', () => {
  let fx: SidebarFixture;
  let browser: Browser;
  let guide: GuideWithCustomer;
  let context: BrowserContext;

  beforeAll(async () => {
    fx = await startSidebarFixture();
    browser = await launchBrowser();
    guide = await guideWithCustomer(fx.app);
    context = await loggedInContext(browser, fx.app, guide.userid, WECOM_UA);
    await installWecomStub(context, { entry: 'single_chat_tools', externalUserid: guide.externalUserid });
    await markProfilePaint(context);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await fx?.stop();
  });

  it('asks the server twice before the profile shows (signatures, then the one open call), all of it brotli-compressed', async () => {
    const page = await context.newPage();
    const encodings = new Map<string, string>();
    page.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      if (/\.(js|css|html)$|^\/$|^\/api\/open\//.test(path)) encodings.set(path, r.headers()['content-encoding'] ?? 'none');
    });
    await page.goto(`${fx.app.url}/`);
    await page.locator('[data-test="customer-name"]').waitFor();
    expect(await page.locator('.customer-header').textContent()).toContain(guide.customerName);
    await page.getByText('下一步建议').waitFor();
    await page.waitForLoadState('networkidle');
    const { apiBefore: before, apiAfter: after, assetsBefore } = await paintTraffic(page);
    expect(before).toEqual(['/api/wecom/jssdk-config', `/api/open/customer/${guide.externalUserid}`]);
    // The rest of the page loads after the paint, and the profile and next actions are not asked for again.
    expect(after.filter((p) => p === `/api/customers/${guide.customerId}` || p.endsWith('/next-actions') || p === '/api/me')).toEqual([]);

    // No zod before the paint: the first screen's code never imports a contract (vite.config.ts, docs/sidebar-ui.md).
    expect(assetsBefore.some((p) => p.includes('/CustomerPage-'))).toBe(true);
    expect(assetsBefore.filter((p) => /\/(contracts|ScriptSendSheet|ChatTasks|Customer\w+Tab)-/.test(p))).toEqual([]);

    // Every script, stylesheet, the page itself and the open's JSON came compressed (Chromium asks for br).
    expect(encodings.size).toBeGreaterThan(3);
    for (const [path, encoding] of encodings) expect(`${path}: ${encoding}`).toBe(`${path}: br`);
    await page.close();
  });
});
