import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';
import { loggedInContext, startSidebarFixture, type SidebarFixture } from './support/sidebar-fixture.ts';

/** A manager composes a 群发 for a segment, sees the limit and the rendered message first, and watches the results. */
describe('group send page in Chromium', () => {
  let fx: SidebarFixture;
  let browser: Browser;
  let admin: string;

  beforeAll(async () => {
    fx = await startSidebarFixture();
    browser = await launchBrowser();
    const rows: Array<{ userid: string }> = await fx.app.deps.ds.query("SELECT userid FROM staff WHERE role = 'admin' ORDER BY id LIMIT 1");
    admin = rows[0]!.userid;
  });
  afterAll(async () => {
    await browser?.close();
    await fx?.stop();
  });

  it('previews, sends to a segment and shows results per guide and customer with the chart (1280 px)', async () => {
    const segment: Array<{ rfm_segment: string; n: number }> = await fx.app.deps.ds.query(
      'SELECT rfm_segment, COUNT(*) AS n FROM customer WHERE rfm_segment IS NOT NULL GROUP BY rfm_segment ORDER BY COUNT(*) DESC LIMIT 1',
    );
    const { RFM_SEGMENT_LABELS } = await import('@shared/enums.ts');
    const label = RFM_SEGMENT_LABELS[segment[0]!.rfm_segment as keyof typeof RFM_SEGMENT_LABELS];
    const context = await loggedInContext(browser, fx.app, admin);
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${fx.app.url}/group-sends`);
    await page.getByRole('heading', { name: '新建群发' }).waitFor();
    await page.locator('label.chip', { hasText: label }).first().click();
    await page.locator('[data-test="group-send-content"]').fill('{客户称呼}您好，{门店}会员日本周六开始，到店有礼');
    await page.locator('[data-test="group-send-preview"]').click();
    const box = page.locator('[data-test="group-send-preview-box"]');
    await box.waitFor();
    expect(await box.textContent()).toContain(`将发给 ${Number(segment[0]!.n)} 位客户`);
    expect(await page.locator('.composer__sample').textContent()).toMatch(/您好，.+会员日本周六开始，到店有礼$/);
    await screenshot(page, 'group-send-compose-1280');
    await page.locator('[data-test="group-send-submit"]').click();
    await page.getByRole('heading', { name: '群发结果' }).waitFor();

    // Every guide of the send confirms it in "WeCom" (the simulator's admin action), then the page is reloaded.
    const msgs = (await (await fetch(`${fx.sim.url}/sim/admin/groupmsg`)).json()) as {
      messages: Array<{ msgid: string; tasks: Array<{ userid: string }> }>;
    };
    // One guide sends all their tasks (one per customer: the text names each customer); the others have not yet.
    const guide = msgs.messages[0]!.tasks[0]!.userid;
    for (const m of msgs.messages.filter((x) => x.tasks.some((t) => t.userid === guide))) {
      await fetch(`${fx.sim.url}/sim/admin/groupmsg/confirm`, { method: 'POST', body: JSON.stringify({ msgid: m.msgid, userid: guide }) });
    }
    await page.reload();
    await page.locator('[data-test="group-send-guide"]').first().waitFor();
    expect(await page.getByText('已送达').count()).toBeGreaterThan(0);
    expect(await page.locator('.gs-table tbody tr').count()).toBe(Number(segment[0]!.n));
    await screenshot(page, 'group-send-results-1280');
    await context.close();
  });
});
