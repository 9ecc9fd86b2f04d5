import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLoadStatusSchema, jobHealthSchema } from '@shared/api/status.ts';
import { DEMO_LOAD_PARTS } from '@server/demo/load/load-parts.ts';
import { writeDemoLoadState } from '@server/demo/load/load-state.ts';
import { sessionHeaders } from './support/auth.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';

describe('status page data', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ ADMIN_USERIDS: 'boss', SYNC_DAILY_AT: '03:00' });
    await app.deps.ds.query(
      "INSERT INTO staff (userid, name, role, status, is_follow_user) VALUES ('boss','老板','guide',1,0), ('g1','导购','guide',1,1)",
    );
  });
  afterAll(async () => app?.stop());

  it('lists every part of the demo load: done, failed, still to come', async () => {
    let body = demoLoadStatusSchema.parse(await (await app.request('/api/status/demo-load')).json());
    expect(body.complete).toBe(false);
    // Every part of the load, in load order, none done yet.
    expect(body.parts.map((p) => p.name)).toEqual(DEMO_LOAD_PARTS.map((p) => p.name));
    expect(body.parts.map((p) => p.name).slice(0, 3)).toEqual(['sync', 'orders', 'scripts']);
    expect(new Set(body.parts.map((p) => p.status))).toEqual(new Set(['pending']));

    await writeDemoLoadState(app.deps.ds, {
      anchor: '2026-12-07T10:00:00.000Z',
      parts: { sync: { doneAt: '2026-12-07T10:01:00.000Z', ms: 3200, counts: { staffTotal: 19 } } },
      lastError: { part: 'orders', message: 'disk full', at: '2026-12-07T10:02:00.000Z' },
    });
    body = demoLoadStatusSchema.parse(await (await app.request('/api/status/demo-load')).json());
    expect(body.parts.slice(0, 3).map((p) => [p.name, p.status])).toEqual([
      ['sync', 'done'],
      ['orders', 'failed'],
      ['scripts', 'pending'],
    ]);
    expect(body.parts[0]).toMatchObject({ ms: 3200, counts: { staffTotal: 19 }, doneAt: '2026-12-07T10:01:00.000Z' });
    expect(body.lastError?.message).toBe('disk full');
    expect(body.anchor).toBe('2026-12-07T10:00:00.000Z');
  });

  it('shows job health to admins only', async () => {
    expect((await app.request('/api/status/jobs')).status).toBe(401);
    expect((await app.request('/api/status/jobs', { headers: await sessionHeaders(app, 'g1') })).status).toBe(403);

    const read = async () =>
      jobHealthSchema.parse(await (await app.request('/api/status/jobs', { headers: await sessionHeaders(app, 'boss') })).json());
    const byName = (h: Awaited<ReturnType<typeof read>>) => Object.fromEntries(h.jobs.map((j) => [j.name, j]));
    let jobs = byName(await read());
    expect(jobs.sync?.state).toBe('never');
    expect(jobs.rollup?.state).toBe('never');
    expect(jobs.callbacks?.state).toBe('ok');

    // A sync that succeeded two days ago, then one that failed; a rollup row just written; a callback given up on.
    await app.deps.ds.query(
      `INSERT INTO sync_run (kind, status, progress_done, progress_total, counts, finished_at, created_at)
       VALUES ('full', 'succeeded', 0, 0, '{}', ?, ?), ('full', 'failed', 0, 0, '{}', NULL, ?)`,
      ['2026-12-05 03:00:00', '2026-12-05 03:00:00', '2026-12-07 03:00:00'],
    );
    await app.deps.ds.query(`UPDATE sync_run SET error = 'WeCom 45009' WHERE status = 'failed'`);
    await app.deps.ds.query(`INSERT INTO staff_daily_stats (staff_id, day, updated_at) VALUES (1, '2026-12-07', CURRENT_TIMESTAMP)`);
    await app.deps.ds.query(
      `INSERT INTO wecom_event (dedupe_key, corp_id, event, payload, status, attempts, received_at) VALUES ('k1', 'ww', 'change_external_contact', '<xml/>', 'failed', 5, CURRENT_TIMESTAMP)`,
    );
    jobs = byName(await read());
    expect(jobs.sync).toMatchObject({ state: 'failing', lastAt: '2026-12-05T03:00:00.000Z' });
    expect(jobs.sync?.detail).toContain('45009');
    expect(jobs.rollup?.state).toBe('ok');
    expect(jobs.callbacks).toMatchObject({ state: 'failing', detail: '失败 1 条（可在下方重新处理）' });
  });
});
