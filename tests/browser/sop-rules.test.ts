import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { generateSopTasks } from '@server/features/sop/index.ts';
import { launchBrowser, screenshot } from './browser.ts';
import { loggedInContext, startSidebarFixture, type SidebarFixture } from './support/sidebar-fixture.ts';

/** A manager reads task completion per guide and per rule, defines an SOP rule and switches one off. */
describe('SOP rules page in Chromium', () => {
  let fx: SidebarFixture;
  let browser: Browser;
  let admin: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    fx = await startSidebarFixture();
    browser = await launchBrowser();
    const ds = fx.app.deps.ds;
    admin = ((await ds.query("SELECT userid FROM staff WHERE role = 'admin' ORDER BY id LIMIT 1")) as Array<{ userid: string }>)[0]!.userid;
    // 一年六次 gives every 重要价值客户 this period's touch; some guides have done theirs.
    await ds.query("UPDATE sop_rule SET enabled = CASE WHEN trigger_kind = 'six_touch' THEN 1 ELSE 0 END");
    expect(await generateSopTasks(ds, new Date())).toBeGreaterThan(0);
    await ds.query("UPDATE task SET status = 'done', done_via = 'chat', done_at = due_at WHERE id % 3 <> 0");
    await ds.query("UPDATE task SET status = 'dismissed', dismiss_reason = '已电话联系' WHERE id % 7 = 0 AND status = 'open'");
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await fx?.stop();
  });

  it('shows completion per guide and per rule, creates a rule and switches it off (1280 px)', async () => {
    const context = await loggedInContext(browser, fx.app, admin);
    contexts.push(context);
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${fx.app.url}/admin/sop`);
    await page.getByRole('heading', { name: 'SOP 规则', exact: true }).waitFor();
    await page.locator('[data-sop-rule="一年六次"]').waitFor();
    expect(await page.locator('[data-sop-rule="一年六次"]').textContent()).toContain('重要价值客户 · 一年六次');
    const byRule = page.locator('[data-test="sop-by-rule"] tbody tr', { hasText: '一年六次' });
    await byRule.waitFor();
    const [total] = (await fx.app.deps.ds.query('SELECT COUNT(*) AS n FROM task')) as Array<{ n: number }>;
    const [done] = (await fx.app.deps.ds.query("SELECT COUNT(*) AS n FROM task WHERE status = 'done'")) as Array<{ n: number }>;
    expect(await byRule.textContent()).toContain(`${Math.round((Number(done!.n) / Number(total!.n)) * 100)}%`);
    expect(await page.locator('[data-test="sop-by-guide"] tbody tr').count()).toBeGreaterThan(1);

    await page.locator('[data-test="sop-name"]').fill('沉默 60 天唤醒');
    await page.locator('[data-test="sop-trigger"]').selectOption('silent');
    await page.locator('[data-test="sop-days"]').fill('60');
    await page.locator('[data-test="sop-due-hour"]').selectOption('10');
    await page.locator('[data-test="sop-content"]').fill('{客户称呼}，好久不见，{门店}上新了');
    expect(await page.locator('.sop-form__preview').textContent()).toContain('黄姐，好久不见，静安嘉里店上新了');
    await page.locator('[data-test="sop-save"]').click();
    const created = page.locator('[data-sop-rule="沉默 60 天唤醒"]');
    await created.waitFor();
    expect(await created.textContent()).toContain('沉默 60 天 · 当天 10:00 前');
    await created.getByRole('switch').click();
    await created.getByText('已停用').waitFor();
    const rows = (await fx.app.deps.ds.query(
      "SELECT trigger_kind, days, due_hour, enabled FROM sop_rule WHERE name = '沉默 60 天唤醒'",
    )) as Array<{
      trigger_kind: string;
      days: string;
      due_hour: number;
      enabled: unknown;
    }>;
    expect(rows.map((r) => [r.trigger_kind, r.days, Number(r.due_hour), Number(r.enabled)])).toEqual([['silent', '60', 10, 0]]);
    await page.locator('[data-sop-rule="一年六次"]').getByRole('button', { name: '编辑' }).click();
    await page.getByRole('heading', { name: '编辑「一年六次」' }).waitFor();
    await page.locator('.van-toast').waitFor({ state: 'hidden' });
    await page.mouse.wheel(0, -5000);
    await screenshot(page, 'sop-rules-1280');
  });

  it('fits the 375 px webview', async () => {
    const context = await loggedInContext(browser, fx.app, admin);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${fx.app.url}/admin/sop`);
    await page.locator('[data-test="sop-by-rule"] tbody tr').first().waitFor();
    const overflow = await page.evaluate(() => {
      const g = globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; innerWidth: number };
      return g.document.documentElement.scrollWidth - g.innerWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'sop-rules-375');
    // The form sits below the list on a phone: editing brings it into view.
    await page.locator('[data-sop-rule="首单回访"]').getByRole('button', { name: '编辑' }).click();
    const heading = page.getByRole('heading', { name: '编辑「首单回访」' });
    await heading.waitFor();
    const box = await heading.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeLessThan(812);
  });
});
