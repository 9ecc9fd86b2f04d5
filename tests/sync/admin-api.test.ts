import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncRunListResponseSchema, syncRunSchema, startSyncResponseSchema } from '@shared/api/sync.ts';
import { runFullSync } from '@server/features/sync/full-sync.ts';
import { sessionHeaders } from '../support/auth.ts';
import type { TestApp } from '../support/test-app.ts';
import { count, startAppFor, startSmallSim, type Sim } from './support.ts';

describe('admin sync API', () => {
  let sim: Sim;
  let app: TestApp;
  let adminId: string;
  let guideId: string;
  beforeAll(async () => {
    sim = await startSmallSim();
    const active = [...sim.state.users.values()].filter((u) => (u.status ?? 1) === 1).map((u) => u.userid);
    adminId = active[0]!;
    guideId = active[1]!;
    app = await startAppFor(sim, { ADMIN_USERIDS: adminId, SYNC_DAILY_AT: 'off' });
    await runFullSync(app.deps); // staff rows, so the two can log in
  });
  afterAll(async () => {
    await app?.stop();
    await sim?.close();
  });

  it('refuses non-admins and anonymous callers', async () => {
    expect((await app.request('/api/admin/sync', { method: 'POST' })).status).toBe(401);
    const res = await app.request('/api/admin/sync', { method: 'POST', headers: await sessionHeaders(app, guideId) });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { id: string } }).error.id).toBe('forbidden_role');
  });

  it('queues a full sync, reports its progress until it succeeds, lists it and audits the start', async () => {
    const headers = await sessionHeaders(app, adminId);
    const res = await app.request('/api/admin/sync', { method: 'POST', headers });
    expect(res.status).toBe(202);
    const started = startSyncResponseSchema.parse(await res.json());
    expect(started).toMatchObject({ status: 'queued', alreadyRunning: false });

    const again = startSyncResponseSchema.parse(await (await app.request('/api/admin/sync', { method: 'POST', headers })).json());
    expect(again).toMatchObject({ id: started.id, alreadyRunning: true });

    let run = syncRunSchema.parse(await (await app.request(`/api/admin/sync/${started.id}`, { headers })).json());
    const deadline = Date.now() + 20_000;
    while (run.status !== 'succeeded' && run.status !== 'failed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      run = syncRunSchema.parse(await (await app.request(`/api/admin/sync/${started.id}`, { headers })).json());
    }
    expect(run).toMatchObject({ status: 'succeeded', stage: 'reconcile', error: null });
    expect(run.counts.customersTotal).toBe(await count(app.deps.ds, 'SELECT COUNT(*) FROM customer'));
    expect(run.counts.apiCalls).toBeGreaterThan(0);

    const list = syncRunListResponseSchema.parse(await (await app.request('/api/admin/sync', { headers })).json());
    expect(list.items[0]?.id).toBe(started.id);
    expect(
      await count(app.deps.ds, "SELECT COUNT(*) FROM audit_log WHERE action = 'sync.start' AND actor_userid = ? AND target_id = ?", [
        adminId,
        String(started.id),
      ]),
    ).toBe(1);
  });

  it('answers 404 with a stable id for an unknown run', async () => {
    const res = await app.request('/api/admin/sync/999999', { headers: await sessionHeaders(app, adminId) });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { id: string } }).error.id).toBe('sync_run_not_found');
  });
});
