import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_NOW } from '@server/demo/options.ts';
import { rebuildRollup } from '@server/features/reports/rollup.ts';
import { DAY_MS, shanghaiDay } from '@shared/time.ts';
import { launchBrowser, screenshot } from './browser.ts';
import { chartPainted, chartShape } from './support/charts.ts';
import { guideWithCustomer, loggedInContext, startSidebarFixture, type SidebarFixture } from './support/sidebar-fixture.ts';
import { sessionHeaders } from '../support/auth.ts';

const VIEWPORTS = [
  ['375', { width: 375, height: 812 }],
  ['1280', { width: 1280, height: 800 }],
] as const;

describe('manager report page in Chromium', () => {
  let fx: SidebarFixture;
  let browser: Browser;
  let admin: string;

  /**
   * The demo corp has no script sends: a guide sends three scripts through the API, moved into
   * the demo's last days so the 话术 tab has rows in the periods the page shows.
   */
  async function sendScripts(): Promise<void> {
    const ds = fx.app.deps.ds;
    const guide = await guideWithCustomer(fx.app);
    const scripts: Array<{ id: number }> = await ds.query(
      "SELECT id FROM script WHERE scope = 'corp' AND type = 'text' ORDER BY id LIMIT 3",
    );
    if (scripts.length === 0) throw new Error('demo corp has no scripts');
    const headers = { ...(await sessionHeaders(fx.app, guide.userid)), 'content-type': 'application/json' };
    for (const s of scripts) {
      const body = JSON.stringify({ customerId: guide.customerId });
      const res = await fx.app.request(`/api/scripts/${s.id}/sends`, { method: 'POST', headers, body });
      if (!res.ok) throw new Error(`script send failed: ${res.status} ${await res.text()}`);
    }
    const sent = new Date(DEMO_NOW.getTime() - 2 * DAY_MS);
    await ds.query('UPDATE script_send SET sent_at = ?, day = ?', [sent.toISOString().replace('T', ' ').slice(0, 19), shanghaiDay(sent)]);
  }

  beforeAll(async () => {
    fx = await startSidebarFixture();
    await sendScripts();
    const now = new Date();
    const earliest = new Date(Math.min(now.getTime(), DEMO_NOW.getTime()) - 400 * DAY_MS);
    await rebuildRollup(fx.app.deps.ds, shanghaiDay(earliest), shanghaiDay(now));
    // Started after the rollup, which holds the event loop on SQLite (as in csp.test.ts).
    browser = await launchBrowser();
    const rows: Array<{ userid: string }> = await fx.app.deps.ds.query("SELECT userid FROM staff WHERE role = 'admin' ORDER BY id LIMIT 1");
    if (!rows[0]) throw new Error('demo corp has no admin');
    admin = rows[0].userid;
  });
  afterAll(async () => {
    await browser?.close();
    await fx?.stop();
  });

  /** An admin on the reports page at this size, with the page clock starting at the demo corp's "now" so the periods hold its data. */
  async function openReports(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await loggedInContext(browser, fx.app, admin);
    const page = await context.newPage();
    await page.clock.install({ time: DEMO_NOW });
    await page.setViewportSize(viewport);
    await page.goto(`${fx.app.url}/reports`);
    await page.getByRole('heading', { name: '团队报表' }).waitFor();
    await page.locator('.team__total').waitFor();
    return { context, page };
  }
  const tab = (page: Page, name: string) => page.getByRole('tab', { name, exact: true }).click();

  for (const [size, viewport] of VIEWPORTS) {
    it(`shows every tab with content and a drawn chart, the team table fitting the screen (${size} px)`, async () => {
      const { context, page } = await openReports(viewport);
      expect(await page.locator('.team__table tbody tr').count()).toBeGreaterThan(1);
      expect(await page.locator('.team__table thead th').count()).toBe(size === '375' ? 7 : 11);
      const scroller = page.locator('.team__scroll');
      if (size === '1280') {
        // The desktop defaults fit without sideways scrolling.
        expect(await scroller.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
      } else {
        // On a phone the guide's name stays in view however far the figures are scrolled.
        const name = page.locator('.team__table tbody .team__name').nth(1);
        const before = await name.boundingBox();
        await scroller.evaluate((el) => {
          el.scrollLeft = el.scrollWidth;
        });
        expect((await name.boundingBox())?.x).toBe(before?.x);
        await scroller.evaluate((el) => {
          el.scrollLeft = 0;
        });
      }
      await screenshot(page, `reports-team-${size}`);

      await tab(page, '趋势');
      expect(await chartPainted(page)).toBe(true);
      await page.getByRole('combobox', { name: '指标' }).selectOption({ label: '成交额' });
      await page.locator('.trend__chart[data-drawn="gmv"]').waitFor();
      expect(await chartPainted(page)).toBe(true);
      // The readout above the plot: the newest day until a day is chosen by keyboard or by a tap.
      // The period ends today: that day is still under way, dashed and named so in the readout.
      expect((await chartShape(page)).readout).toMatch(/^最近 \d\d-\d\d（今天，未过完） ¥/);
      expect(await page.locator('.trend__chart .lc__line--partial').count()).toBe(1);
      const plot = page.locator('.trend__chart svg');
      await plot.focus();
      await page.keyboard.press('ArrowLeft');
      const previousDay = (await chartShape(page)).readout;
      expect(previousDay).toMatch(/^\d\d-\d\d ¥/);
      await plot.click({ position: { x: 2, y: 100 } });
      const firstDay = (await chartShape(page)).readout;
      expect(firstDay).toMatch(/^\d\d-\d\d ¥/);
      expect(firstDay.slice(0, 5)).not.toBe(previousDay.slice(0, 5));
      await plot.blur();
      await screenshot(page, `reports-trend-${size}`);

      await tab(page, '客户价值');
      await page.getByText('各导购客户分层').waitFor();
      expect(await page.locator('.value__row').count()).toBeGreaterThan(0);
      await screenshot(page, `reports-value-${size}`);

      await tab(page, '话术');
      await page.locator('.simple__table tbody tr').first().waitFor();
      await screenshot(page, `reports-scripts-${size}`);

      await tab(page, '客户群');
      await page.getByText('客户群活跃度（按群主）').waitFor();
      await page.locator('.simple__table tbody tr').first().waitFor();
      await screenshot(page, `reports-groups-${size}`);

      expect(await page.locator('.simple__empty, .team__empty, .reports__error, .chunk--error').count()).toBe(0);
      await context.close();
    });
  }

  it('fetches each tab once per period: tab clicks back and forth send no request until the period changes or a refresh', async () => {
    const { context, page } = await openReports({ width: 375, height: 812 });
    const requests: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/api/reports/')) requests.push(url.pathname);
    });
    const visitAll = async () => {
      for (const name of ['趋势', '客户价值', '话术', '客户群', '团队']) {
        await tab(page, name);
        if (name === '趋势') await page.locator('.trend__chart[data-drawn] svg').waitFor({ timeout: 20_000 });
        if (name === '客户价值') await page.locator('.value__row').first().waitFor();
        if (name === '话术' || name === '客户群') await page.locator('.simple__table').waitFor();
        if (name === '团队') await page.locator('.team__total').waitFor();
      }
    };
    await visitAll();
    expect(requests.sort()).toEqual([
      '/api/reports/customer-value',
      '/api/reports/groups',
      '/api/reports/neglected',
      '/api/reports/scripts',
      '/api/reports/trends',
    ]);
    requests.length = 0;
    await visitAll();
    expect(requests).toEqual([]);

    await page.getByRole('button', { name: '近7天' }).click();
    await page.locator('.team__total').waitFor();
    await page.waitForLoadState('networkidle');
    expect(requests).toEqual(['/api/reports/team']);
    await page.getByRole('button', { name: '近30天' }).click();
    await page.waitForLoadState('networkidle');
    expect(requests).toEqual(['/api/reports/team']);

    await page.getByRole('button', { name: '刷新' }).click();
    await page.waitForLoadState('networkidle');
    expect(requests).toEqual(['/api/reports/team', '/api/reports/team']);
    await context.close();
  });

  it('lets a manager pick the team columns, remembers them, and exports the same columns; explains both reply rates', async () => {
    const { context, page } = await openReports({ width: 375, height: 812 });
    await page.locator('[data-test="pick-columns"]').click();
    const picker = page.locator('.picker');
    await picker.getByText('订单数', { exact: true }).click();
    await picker.getByText('净增客户', { exact: true }).click();
    await picker.getByRole('button', { name: '完成' }).click();
    const headers = () => page.locator('.team__table thead th').allInnerTexts();
    const expected = ['导购', '新增客户', '聊天客户', '回复率ⓘ', '平均首次回复ⓘ', '订单数', '成交额'];
    expect((await headers()).map((h) => h.replace(/\s/g, ''))).toEqual(expected);
    const href = await page.getByRole('link', { name: '导出 CSV' }).getAttribute('href');
    expect(new URL(href!, fx.app.url).searchParams.get('columns')).toBe('newCustomers,chats,repliedRatio,avgFirstReplySeconds,orders,gmv');

    await page.reload();
    await page.locator('.team__total').waitFor();
    expect((await headers()).map((h) => h.replace(/\s/g, ''))).toEqual(expected);

    await page.getByRole('button', { name: '回复率的含义' }).click();
    const dialog = page.getByRole('dialog', { name: '回复率的含义' });
    await dialog.getByText('回复率（会话存档）').waitFor();
    await dialog.getByText(/get_user_behavior_data/).waitFor();
    await context.close();
  });

  it('shows 图表加载失败 with 重试 when the chart chunk fails to load, and draws the chart on retry', async () => {
    const { context, page } = await openReports({ width: 375, height: 812 });
    // Like a redeploy that removed the old file: every fetch of the chunk fails until the user retries.
    let failing = true;
    await page.route('**/assets/ReportTrendChart-*.js', (route) => (failing ? route.abort() : route.continue()));
    await tab(page, '趋势');
    await page.getByText('图表加载失败').waitFor();
    failing = false;
    await page.getByRole('button', { name: '重试' }).click();
    expect(await chartPainted(page)).toBe(true);
    await context.close();
  });

  it('shows 报表页面加载失败 with 重试 when the report page chunk fails to load', async () => {
    const context = await loggedInContext(browser, fx.app, admin);
    const page = await context.newPage();
    await page.clock.install({ time: DEMO_NOW });
    let failing = true;
    await page.route('**/assets/ReportsPage-*.js', (route) => (failing ? route.abort() : route.continue()));
    await page.goto(`${fx.app.url}/reports`);
    await page.getByText('报表页面加载失败').waitFor();
    failing = false;
    await page.getByRole('button', { name: '重试' }).click();
    await page.locator('.team__total').waitFor();
    await context.close();
  });
});
