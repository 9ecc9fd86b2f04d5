import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderInputSchema } from '@shared/api/orders.ts';
import { teamReportSchema } from '@shared/api/reports.ts';
import { transferPreviewSchema } from '@shared/api/transfer.ts';
import { shanghaiDay } from '@shared/time.ts';
import { dbTime, fromDbTime } from '@server/db/sql.ts';
import { ingestOrders } from '@server/features/orders/ingest.ts';
import { rebuildRollup } from '@server/features/reports/rollup.ts';
import { jobRunnerFor } from '@server/jobs/index.ts';
import { registerFeatureJobs } from '@server/jobs-bootstrap.ts';
import { sessionHeaders } from './support/auth.ts';
import { startSimApp, type SimApp } from './support/sim-app.ts';
import { TRANSFER_JOB } from '@server/features/transfer/transfer.jobs.ts';

/**
 * The team report around a completed 在职继承 (guide_001 → guide_002): what the old guide did before
 * WeCom completed the transfer stays theirs, what happens after is the new guide's, and the
 * handed-over customers are neither a loss for the one nor new customers for the other.
 */
describe('reports attribute activity before a transfer to the old guide and after it to the new one', () => {
  let s: SimApp;
  let admin = '';
  const staff = new Map<string, number>();
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

  beforeAll(async () => {
    s = await startSimApp({ ARCHIVE_PULL_INTERVAL_SECONDS: '0' }, { customers: 30, guides: 3, groups: 0 });
    for (const r of await q<{ id: number; userid: string; role: string }>('SELECT id, userid, role FROM staff')) {
      staff.set(r.userid, Number(r.id));
      if (r.role === 'admin') admin = r.userid;
    }
    await registerFeatureJobs(s.app.deps, { only: ['transfer'] });
  });
  afterAll(async () => s?.stop());

  it('splits messages, notes and orders at the completion time, and counts the handover as neither lost nor new', async () => {
    const g1 = staff.get('guide_001') ?? 0;
    const g2 = staff.get('guide_002') ?? 0;
    // A customer only guide_001 follows (so after the transfer guide_002 is their only guide).
    const [customer] = await q<{ id: number; external_userid: string }>(
      `SELECT c.id, c.external_userid FROM customer c JOIN customer_follow f ON f.customer_id = c.id AND f.lost_at IS NULL
        GROUP BY c.id, c.external_userid HAVING COUNT(*) = 1 AND MIN(f.staff_id) = ? ORDER BY c.id LIMIT 1`,
      [g1],
    );
    expect(customer).toBeDefined();
    const cid = Number(customer?.id);
    // Before: guide_001 writes to the customer and notes the visit.
    const before = new Date(Date.now() - 3_600_000);
    await q(
      `INSERT INTO interaction (customer_id, staff_id, type, occurred_at, day, source, dedupe_key, payload, created_at)
       VALUES (?, ?, 'message_out', ?, ?, 'archive', 'before-msg', '{"msgid":"before-msg","msgtype":"text","text":"新品到了"}', ?)`,
      [cid, g1, dbTime(before), shanghaiDay(before), dbTime(before)],
    );
    expect((await call('guide_001', `/api/customers/${cid}/follow-ups`, { content: '到店试了面霜' })).status).toBe(201);

    const filter = { handoverStaffId: g1 };
    const preview = transferPreviewSchema.parse((await call(admin, '/api/transfer/preview', { filter })).body);
    const created = await call(admin, '/api/transfer/jobs', {
      filter,
      takeover: { mode: 'staff', staffId: g2 },
      expectedCount: preview.customers,
    });
    expect(created.status).toBe(201);
    await runNow();
    await fetch(`${s.sim.url}/sim/admin/transfer/clock`, { method: 'POST', body: JSON.stringify({ advanceHours: 25 }) });
    await runNow();
    const [item] = await q<{ completed_at: unknown }>(
      "SELECT completed_at FROM transfer_item WHERE customer_id = ? AND state = 'transferred'",
      [cid],
    );
    const completed = fromDbTime(item?.completed_at);
    expect(completed).not.toBeNull();
    const at = (minutes: number) => new Date((completed?.getTime() ?? 0) + minutes * 60_000);

    // After: guide_002 writes and notes; the customer buys between the completion and guide_002's first message,
    // so the old guide's message is the last one before the purchase.
    await ingestOrders(s.app.deps.ds, [
      orderInputSchema.parse({
        order_no: 'after-transfer-1',
        source: 'shop',
        status: 'paid',
        total_amount: 39900,
        paid_amount: 39900,
        paid_at: at(30).toISOString(),
        updated_at: at(30).toISOString(),
        external_userid: customer?.external_userid,
      }),
    ]);
    await q(
      `INSERT INTO interaction (customer_id, staff_id, type, occurred_at, day, source, dedupe_key, payload, created_at)
       VALUES (?, ?, 'message_out', ?, ?, 'archive', 'after-msg', '{"msgid":"after-msg","msgtype":"text","text":"我是新的顾问"}', ?)`,
      [cid, g2, dbTime(at(60)), shanghaiDay(at(60)), dbTime(at(60))],
    );
    await q('INSERT INTO follow_up (customer_id, staff_id, content, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', [
      cid,
      g2,
      '已自我介绍',
      dbTime(at(61)),
      dbTime(at(61)),
    ]);

    const from = shanghaiDay(before);
    const to = shanghaiDay(at(61));
    await rebuildRollup(s.app.deps.ds, from, to, at(120));
    const res = await call(admin, `/api/reports/team?from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    const report = teamReportSchema.parse(res.body);
    const row = (userid: string) => report.rows.find((r) => r.staff.userid === userid)?.current;
    expect(row('guide_001')).toMatchObject({
      messagesSent: 1,
      followUpsWritten: 1,
      orders: 0,
      gmv: 0,
      lostByCustomer: 0,
      lostByStaff: 0,
      newCustomers: 0,
    });
    expect(row('guide_002')).toMatchObject({ messagesSent: 1, followUpsWritten: 1, orders: 1, buyers: 1, gmv: 39900, newCustomers: 0 });
    const [order] = await q<{ staff_id: number; attribution: string }>('SELECT staff_id, attribution FROM orders WHERE order_no = ?', [
      'after-transfer-1',
    ]);
    expect(Number(order?.staff_id)).toBe(g2);
  });
});
