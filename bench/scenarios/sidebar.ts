/**
 * Sidebar budgets: ≤ 120 KB on the wire (compressed, as transferred, headers included) and
 * ≤ 2 API calls until the 1v1 profile paints, ≤ 150 KB for the report page with its chart,
 * and open-to-profile ≤ 1 s in headless Chromium
 * with 4× CPU throttling, cold and warm cache, through the real WeCom JS-SDK against a
 * stubbed client bridge and the real server (simulator mode).
 *
 * Needs a built sidebar (`npm run build`). Run alone: `npm run bench -- --only sidebar`.
 * Uses its own small demo corp (60 customers) on a fresh test database plus a WeCom simulator,
 * so the figures do not depend on the bench scale (the page shows one customer).
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser } from '../../tests/browser/browser.ts';
import { installWecomStub, WECOM_UA } from '../../tests/browser/support/wecom-stub.ts';
import { guideWithCustomer, loggedInContext, startSidebarFixture, storeManager } from '../../tests/browser/support/sidebar-fixture.ts';
import { markProfilePaint, paintTraffic } from '../../tests/browser/support/profile-paint.ts';

const SIZE_BUDGET_KB = 120;
const API_CALLS_BUDGET = 2;
const PROFILE_BUDGET_MS = 1000;
const CPU_THROTTLE = 4;
const REPORTS_BUDGET_KB = 150;

import type { BenchContext, BenchRow, BenchScenario } from '../types.ts';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

type Fixture = Awaited<ReturnType<typeof startSidebarFixture>>;
type Guide = Awaited<ReturnType<typeof guideWithCustomer>>;

/** A logged-in WeCom-client context on the guide's 1v1 chat, timestamping the first frame with the profile header. */
async function chatContext(browser: Browser, fx: Fixture, guide: Guide): Promise<BrowserContext> {
  const context = await loggedInContext(browser, fx.app, guide.userid, WECOM_UA);
  await installWecomStub(context, { entry: 'single_chat_tools', externalUserid: guide.externalUserid });
  await markProfilePaint(context);
  return context;
}

/** What one open cost: ms from navigation start until the profile header exists, and what crossed the wire before that. */
interface OpenResult {
  ms: number;
  /** Bytes transferred (compressed bodies + headers; 0 for what came from the HTTP cache) until the paint. */
  wireBytes: number;
  /** API requests started before the paint, in order. */
  apiCalls: string[];
}

/** Opens the sidebar in a new tab of `context` and reads what it fetched up to the paint. */
async function openProfile(context: BrowserContext, url: string, cpuRate: number): Promise<OpenResult> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
  await page.goto(`${url}/`);
  await page.locator('[data-test="customer-name"]').waitFor({ timeout: 20_000 });
  const t = await paintTraffic(page);
  const result: OpenResult = { ms: t.paintMs, wireBytes: t.wireBytesBefore, apiCalls: t.apiBefore };
  await page.close();
  return result;
}

/** `runs` opens, each in a fresh context (empty HTTP and code cache: the first open of the day). */
async function coldOpens(browser: Browser, fx: Fixture, guide: Guide, runs: number, cpuRate: number, log: (m: string) => void) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const context = await chatContext(browser, fx, guide);
    results.push(await openProfile(context, fx.app.url, cpuRate));
    await context.close();
    const r = results[i];
    log(
      `sidebar: cold open ${i + 1}/${runs} at ${cpuRate}× CPU: ${Math.round(r?.ms ?? Number.NaN)} ms, ${kb(r?.wireBytes ?? 0)} KB, API ${r?.apiCalls.join(' ')}`,
    );
  }
  return results;
}

/** `runs` reopens in one context after a first open (the webview's HTTP and V8 code caches are warm). */
async function warmOpens(browser: Browser, fx: Fixture, guide: Guide, runs: number, log: (m: string) => void) {
  const context = await chatContext(browser, fx, guide);
  await openProfile(context, fx.app.url, CPU_THROTTLE);
  await openProfile(context, fx.app.url, CPU_THROTTLE); // V8 caches code on the second load
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await openProfile(context, fx.app.url, CPU_THROTTLE));
  await context.close();
  log(`sidebar: warm opens at ${CPU_THROTTLE}× CPU: ${results.map((r) => `${Math.round(r.ms)} ms/${kb(r.wireBytes)} KB`).join(', ')}`);
  return results;
}

/** What a manager's cold open of the report page with its 趋势 chart drawn moves over the wire. */
interface ReportsBytes {
  /** Everything: HTML, the app shell, the page's chunks, the demo bar and the API answers. */
  total: number;
  /** The JS and CSS the report page and its chart add to the app shell that index.html loads. */
  page: number;
}

/** Opens /reports in a fresh context (empty cache) and its 趋势 tab until the chart is drawn. */
async function reportsTrendBytes(browser: Browser, fx: Fixture): Promise<ReportsBytes> {
  const shell = new Set((await (await fetch(`${fx.app.url}/`)).text()).match(/\/assets\/[^"' ]+/g) ?? []);
  const context = await loggedInContext(browser, fx.app, await storeManager(fx.app));
  const page = await context.newPage();
  await page.goto(`${fx.app.url}/reports`);
  await page.locator('.team__total').waitFor({ timeout: 20_000 });
  await page.getByRole('tab', { name: '趋势' }).click();
  await page.locator('.trend__chart[data-drawn] svg').waitFor({ timeout: 20_000 });
  const entries = (await page.evaluate(`(() => [
    ...performance.getEntriesByType('navigation').map((e) => ['/', e.transferSize]),
    ...performance.getEntriesByType('resource').map((e) => [new URL(e.name).pathname, e.transferSize]),
  ])()`)) as Array<[string, number]>;
  await context.close();
  // The demo bar (DevBar, its dev API module) exists only in demo mode.
  const pageAsset = (p: string) => p.startsWith('/assets/') && !shell.has(p) && !/\/assets\/(DevBar|dev)-/.test(p);
  return {
    total: entries.reduce((sum, [, bytes]) => sum + bytes, 0),
    page: entries.filter(([p]) => pageAsset(p)).reduce((sum, [, bytes]) => sum + bytes, 0),
  };
}

export const scenario: BenchScenario = {
  name: 'sidebar',
  description: 'Sidebar initial JS+CSS gzip vs 120 KB, and open-to-profile at 4× CPU throttle vs 1 s',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const fx = await startSidebarFixture();
    const browser = await launchBrowser();
    try {
      const guide = await guideWithCustomer(fx.app);
      await coldOpens(browser, fx, guide, 1, 1, () => undefined); // warm the server (DB pages, JIT)
      const runs = ctx.scale === 'small' ? 5 : 9;
      const cold = await coldOpens(browser, fx, guide, runs, CPU_THROTTLE, ctx.log);
      const warm = await warmOpens(browser, fx, guide, runs, ctx.log);
      const unthrottled = await coldOpens(browser, fx, guide, 3, 1, ctx.log);
      const reports = await reportsTrendBytes(browser, fx);
      ctx.log(`sidebar: reports page with the 趋势 chart drawn: ${kb(reports.page)} KB of its own JS+CSS, ${kb(reports.total)} KB in all`);
      return [
        {
          metric: `bytes on the wire until the 1v1 profile paints, cold cache (median of ${runs})`,
          value: kb(median(cold.map((r) => r.wireBytes))),
          unit: 'KB',
          floor: SIZE_BUDGET_KB,
          floorLabel: 'budget',
          better: 'lower',
        },
        {
          metric: `bytes on the wire until the profile paints, warm cache (median of ${runs})`,
          value: kb(median(warm.map((r) => r.wireBytes))),
          unit: 'KB',
          floor: SIZE_BUDGET_KB,
          floorLabel: 'budget',
          better: 'lower',
        },
        {
          metric: `API calls before the profile paints (${cold[0]?.apiCalls.join(', ') ?? ''})`,
          value: Math.max(...cold.map((r) => r.apiCalls.length)),
          unit: 'calls',
          floor: API_CALLS_BUDGET,
          floorLabel: 'budget',
          better: 'lower',
        },
        {
          metric: `open → profile visible, 4× CPU, cold cache, median of ${runs}`,
          value: Math.round(median(cold.map((r) => r.ms))),
          unit: 'ms',
          floor: PROFILE_BUDGET_MS,
          floorLabel: 'budget',
          better: 'lower',
        },
        {
          metric: 'open → profile visible, 4× CPU, cold cache, slowest',
          value: Math.round(Math.max(...cold.map((r) => r.ms))),
          unit: 'ms',
          floor: PROFILE_BUDGET_MS,
          floorLabel: 'budget',
          better: 'lower',
        },
        {
          metric: `open → profile visible, 4× CPU, warm cache (reopen), median of ${runs}`,
          value: Math.round(median(warm.map((r) => r.ms))),
          unit: 'ms',
          floor: PROFILE_BUDGET_MS,
          floorLabel: 'budget',
          better: 'lower',
        },
        {
          metric: 'open → profile visible, no throttling, cold cache, median of 3',
          value: Math.round(median(unthrottled.map((r) => r.ms))),
          unit: 'ms',
          floor: PROFILE_BUDGET_MS,
          floorLabel: 'budget (reference)',
          better: 'lower',
        },
        {
          metric: 'JS+CSS on the wire the report page and its 趋势 chart add to the app shell, cold cache',
          value: kb(reports.page),
          unit: 'KB',
          floor: REPORTS_BUDGET_KB,
          floorLabel: 'budget',
          better: 'lower',
        },
        {
          metric: 'everything on the wire for that open (HTML, app shell, demo bar, API answers)',
          value: kb(reports.total),
          unit: 'KB',
          floor: REPORTS_BUDGET_KB,
          floorLabel: 'budget (reference)',
          better: 'lower',
        },
      ];
    } finally {
      await browser.close();
      await fx.stop();
    }
  },
};
export default scenario;

const kb = (bytes: number): number => Math.round((bytes / 1024) * 10) / 10;
