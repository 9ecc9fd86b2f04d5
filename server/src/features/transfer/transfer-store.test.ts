import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transferJobDetailSchema, transferJobListSchema, transferPreviewSchema } from '@shared/api/transfer.ts';
import { jobRunnerFor } from '@server/jobs/index.ts';
import { registerFeatureJobs } from '@server/jobs-bootstrap.ts';
import { sessionHeaders } from '../../../../tests/support/auth.ts';
import { startSimApp, type SimApp } from '../../../../tests/support/sim-app.ts';
import { TRANSFER_JOB } from './transfer.jobs.ts';

/** The store filter selects customers: those followed by the store's on-job guides (a whole store handed to another). */
describe('transfer of a whole store: the store is a customer filter', () => {
  let s: SimApp;
  let admin = '';
  const staff = new Map<string, number>();
  const storeA = 9101;
  const storeB = 9102;
  const q = <T>(sql: string, params: unknown[] = []) => s.app.deps.ds.query(sql, params) as Promise<T[]>;
  const call = async (userid: string, path: string, body?: unknown) => {
    const res = await s.app.request(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { ...(await sessionHeaders(s.app, userid)), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const runNow = async () => {
    await jobRunnerFor(s.app.deps).enqueue(TRANSFER_JOB, {}, { jobId: 'transfer.run:pending' });
    await jobRunnerFor(s.app.deps).whenIdle(TRANSFER_JOB, 60_000);
  };
  /** Distinct customers these guides actively follow. */
  const followedBy = async (...userids: string[]) =>
    Number(
      (
        await q<{ n: number }>(
          `SELECT COUNT(DISTINCT f.customer_id) AS n FROM customer_follow f JOIN staff s ON s.id = f.staff_id
            WHERE f.lost_at IS NULL AND s.userid IN (${userids.map(() => '?').join(', ')})`,
          userids,
        )
      )[0]?.n,
    );

  beforeAll(async () => {
    s = await startSimApp({ ARCHIVE_PULL_INTERVAL_SECONDS: '0' }, { customers: 60, guides: 4, groups: 0 });
    for (const r of await q<{ id: number; userid: string; role: string }>('SELECT id, userid, role FROM staff')) {
      staff.set(r.userid, Number(r.id));
      if (r.role === 'admin') admin = r.userid;
    }
    // Store A: guide_001 and guide_002; store B: guide_003 and guide_004.
    await q(`INSERT INTO department (id, name, parent_id, sort_order) VALUES (?, '静安店', NULL, 0), (?, '徐汇店', NULL, 0)`, [
      storeA,
      storeB,
    ]);
    for (const [userid, store] of [
      ['guide_001', storeA],
      ['guide_002', storeA],
      ['guide_003', storeB],
      ['guide_004', storeB],
    ] as const) {
      await q('DELETE FROM staff_department WHERE staff_id = ?', [staff.get(userid)]);
      await q('INSERT INTO staff_department (staff_id, department_id, is_leader) VALUES (?, ?, 0)', [staff.get(userid), store]);
    }
    await registerFeatureJobs(s.app.deps, { only: ['transfer'] });
  });
  afterAll(async () => s?.stop());

  it("counts the customers of the store's guides, once each, and moves them evenly to the guides of another store", async () => {
    const inStoreA = await followedBy('guide_001', 'guide_002');
    const ofGuide1 = await followedBy('guide_001');
    const total = Number((await q<{ n: number }>('SELECT COUNT(*) AS n FROM customer'))[0]?.n);
    // The store narrows the customers: more than one guide's, fewer than everyone's.
    expect(inStoreA).toBeGreaterThan(ofGuide1);
    expect(inStoreA).toBeLessThan(total);
    const preview = transferPreviewSchema.parse((await call(admin, '/api/transfer/preview', { filter: { storeId: storeA } })).body);
    expect(preview).toMatchObject({ kind: 'onjob', customers: inStoreA });
    // With a guide, the store is that guide's store: the guide's customers only.
    const one = transferPreviewSchema.parse(
      (await call(admin, '/api/transfer/preview', { filter: { storeId: storeA, handoverStaffId: staff.get('guide_001') } })).body,
    );
    expect(one.customers).toBe(ofGuide1);
    // A filter with neither a guide nor a store is refused.
    expect((await call(admin, '/api/transfer/preview', { filter: {} })).status).toBe(400);
    // A store handed to itself has no takeover.
    const self = await call(admin, '/api/transfer/jobs', {
      filter: { storeId: storeA },
      takeover: { mode: 'store', storeId: storeA },
      expectedCount: inStoreA,
    });
    expect(self.status).toBe(422);

    const created = await call(admin, '/api/transfer/jobs', {
      filter: { storeId: storeA },
      takeover: { mode: 'store', storeId: storeB },
      message: '您好，门店调整后由我为您服务',
      expectedCount: inStoreA,
    });
    expect(created.status).toBe(201);
    const job = transferJobDetailSchema.parse(created.body);
    expect(job.handover).toEqual({ staffId: null, name: '静安店 全部在职导购' });
    const items = await q<{ handover_userid: string; takeover_userid: string; n: number }>(
      `SELECT handover_userid, takeover_userid, COUNT(*) AS n FROM transfer_item WHERE job_id = ? GROUP BY handover_userid, takeover_userid`,
      [job.id],
    );
    expect(new Set(items.map((i) => i.handover_userid))).toEqual(new Set(['guide_001', 'guide_002']));
    const perTakeover = new Map<string, number>();
    for (const i of items) perTakeover.set(i.takeover_userid, (perTakeover.get(i.takeover_userid) ?? 0) + Number(i.n));
    expect([...perTakeover.keys()].sort()).toEqual(['guide_003', 'guide_004']);
    expect(Math.abs((perTakeover.get('guide_003') ?? 0) - (perTakeover.get('guide_004') ?? 0))).toBeLessThanOrEqual(1);

    await runNow();
    // Each member pair is its own WeCom call: every customer started once, from the guide who followed them.
    expect(s.sim.transfers.transfers).toHaveLength(inStoreA);
    for (const t of s.sim.transfers.transfers) expect(['guide_001', 'guide_002']).toContain(t.handover);
    await fetch(`${s.sim.url}/sim/admin/transfer/clock`, { method: 'POST', body: JSON.stringify({ advanceHours: 25 }) });
    await runNow();
    const done = transferJobDetailSchema.parse((await call(admin, `/api/transfer/jobs/${job.id}`)).body);
    expect(done.counts).toMatchObject({ total: inStoreA, transferred: inStoreA, failed: 0 });
    const list = transferJobListSchema.parse((await call(admin, '/api/transfer/jobs')).body);
    expect(list.items[0]?.handover.name).toBe('静安店 全部在职导购');
  });
});
