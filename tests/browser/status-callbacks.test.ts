import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { WecomEventEntity, type WecomEvent } from '@server/entities/WecomEvent.ts';
import { startSimApp, type SimApp } from '../support/sim-app.ts';
import { launchBrowser } from './browser.ts';
import { loggedInContext } from './support/sidebar-fixture.ts';

describe('status page: callback queue for admins', () => {
  let s: SimApp;
  let browser: Browser;
  let admin: string;
  let guide: string;
  beforeAll(async () => {
    s = await startSimApp({ DEMO_SEED: 'off' });
    const staff: Array<{ userid: string }> = await s.app.deps.ds.query('SELECT userid FROM staff WHERE status = 1 ORDER BY id LIMIT 2');
    [admin, guide] = staff.map((r) => r.userid) as [string, string];
    await s.app.deps.ds.query("UPDATE staff SET role = 'admin' WHERE userid = ?", [admin]);
    const base = {
      corpId: s.sim.corp.corpId,
      event: 'change_external_tag',
      changeType: 'create',
      eventTime: new Date(),
      payload: '<xml/>',
      receivedAt: new Date(),
      processedAt: null,
    };
    const rows: Array<Partial<WecomEvent>> = [
      {
        ...base,
        dedupeKey: 'status-failed',
        status: 'failed',
        attempts: 150,
        error: 'WeCom is down',
        firstFailedAt: new Date(Date.now() - 25 * 3_600_000),
      },
      {
        ...base,
        dedupeKey: 'status-retrying',
        status: 'queued',
        attempts: 3,
        error: 'WeCom is down',
        firstFailedAt: new Date(),
        nextAttemptAt: new Date(Date.now() + 3_600_000),
      },
    ];
    await s.app.deps.ds.getRepository(WecomEventEntity).insert(rows);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await s?.stop();
  });

  it('shows queued / retrying / failed and replays the failed ones with 重新处理', async () => {
    const context = await loggedInContext(browser, s.app, admin);
    const page = await context.newPage();
    await page.goto(`${s.app.url}/status`);
    await page.getByText('企业微信回调事件').waitFor();
    await page.getByText('下次重试').waitFor();
    const button = page.getByRole('button', { name: '重新处理' });
    expect(await button.isEnabled()).toBe(true);
    await button.click();
    await page.getByText('已重新排队 1 条').waitFor();
    // Reloaded counts: nothing failed any more.
    await page.locator('.callback-queue__replay:disabled').waitFor();
    const row = await s.app.deps.ds.getRepository(WecomEventEntity).findOneByOrFail({ dedupeKey: 'status-failed' });
    expect(row.status).not.toBe('failed');
    await context.close();
  });

  it('shows guides no callback queue', async () => {
    const context = await loggedInContext(browser, s.app, guide);
    const page = await context.newPage();
    await page.goto(`${s.app.url}/status`);
    await page.getByText('已是最新').waitFor();
    expect(await page.getByText('企业微信回调事件').count()).toBe(0);
    await context.close();
  });
});
