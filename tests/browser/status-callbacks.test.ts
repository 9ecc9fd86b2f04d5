import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { dbTime } from '@server/db/sql.ts';
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

  it('shows admins which instance answers and who holds each long job, with a dead holder marked as such', async () => {
    // node-2 took the sync over from node-1 and then went silent itself: its lease ran out a minute ago.
    const beat = Date.now() - 90_000;
    await s.app.deps.ds.query(
      `INSERT INTO job_lease (name, owner, token, run_id, acquired_at, heartbeat_at, expires_at, taken_over_from, takeovers, updated_at)
       VALUES ('sync.full', 'node-2', 'tok', NULL, ?, ?, ?, 'node-1', 1, ?)`,
      [dbTime(beat - 60_000), dbTime(beat), dbTime(beat + 30_000), dbTime(beat)],
    );
    try {
      const context = await loggedInContext(browser, s.app, admin);
      const page = await context.newPage();
      await page.goto(`${s.app.url}/status`);
      const fleet = page.locator('[data-test="fleet-status"]');
      await fleet.getByText('当前应答实例').waitFor();
      const sync = fleet.locator('[data-job="sync.full"]');
      expect(await sync.textContent()).toContain('node-2（心跳已停，等待接管）');
      expect(await sync.textContent()).toContain('已接管 1 次（上次来自 node-1）');
      await context.close();
    } finally {
      await s.app.deps.ds.query("DELETE FROM job_lease WHERE name = 'sync.full'");
    }
  });

  it('shows guides no callback queue', async () => {
    const context = await loggedInContext(browser, s.app, guide);
    const page = await context.newPage();
    await page.goto(`${s.app.url}/status`);
    await page.getByText('已是最新').waitFor();
    expect(await page.getByText('企业微信回调事件').count()).toBe(0);
    expect(await page.locator('[data-test="fleet-status"]').count()).toBe(0);
    await context.close();
  });
});
