import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateOrders, type RfmOrder } from '@shared/rfm/aggregate.ts';
import { computeRfm, DAY_MS, isCountedOrder, lifecycleStage } from '@shared/rfm/score.ts';
import { sessionHeaders } from '../../../../tests/support/auth.ts';
import { startTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { dbTime, fromDbTime, num } from '@server/db/sql.ts';
import { ingestOrders } from '@server/features/orders/index.ts';
import { runRfmRecompute } from './recompute.ts';
import { scoreOne } from '@shared/rfm/score.ts';

const NOW = new Date('2026-06-01T04:00:00Z');
const STATUSES = ['paid', 'paid', 'paid', 'partially_refunded', 'refunded', 'cancelled'] as const;

/** Deterministic generator (mulberry32) so both databases get the same data. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface GenOrder extends RfmOrder {
  orderNo: string;
}

async function seed(
  app: TestApp,
  customers: number,
  seedNo: number,
): Promise<{ orders: GenOrder[]; lastInteraction: Map<number, number> }> {
  const rand = rng(seedNo);
  const q = (sql: string, p: unknown[] = []) => app.deps.ds.query(sql, p);
  const lastInteraction = new Map<number, number>();
  const custRows: unknown[][] = [];
  for (let id = 1; id <= customers; id++) {
    const li = rand() < 0.5 ? Math.floor(NOW.getTime() / 1000 - rand() * 200 * 86400) * 1000 : null;
    if (li !== null) lastInteraction.set(id, li);
    custRows.push([id, `wm_${id}`, `客户${id}`, li === null ? null : dbTime(new Date(li))]);
  }
  await q(
    `INSERT INTO customer (id, external_userid, name, last_interaction_at) VALUES ${custRows.map(() => '(?, ?, ?, ?)').join(', ')}`,
    custRows.flat(),
  );
  const orders: GenOrder[] = [];
  let n = 0;
  for (let id = 1; id <= customers; id++) {
    const k = Math.floor(rand() * rand() * 8); // skewed: many with 0–1 orders, some with many
    for (let j = 0; j < k; j++) {
      const status = STATUSES[Math.floor(rand() * STATUSES.length)] as string;
      const paid = 100 * (1 + Math.floor(rand() * 50)); // coarse amounts: plenty of ties
      const refunded = status === 'refunded' ? paid : status === 'partially_refunded' ? (rand() < 0.2 ? paid : Math.floor(paid / 2)) : 0;
      const daysAgo = rand() < 0.05 ? -2 : Math.floor(rand() * 500);
      const paidAt = new Date(Math.floor((NOW.getTime() - daysAgo * DAY_MS - rand() * DAY_MS) / 1000) * 1000);
      orders.push({ orderNo: `NO${++n}`, customerId: id, status, paidAmount: paid, refundedAmount: refunded, paidAt });
    }
  }
  for (let i = 0; i < orders.length; i += 200) {
    const part = orders.slice(i, i + 200);
    await q(
      `INSERT INTO orders (source, order_no, status, total_amount, paid_amount, refunded_amount, paid_at, source_updated_at, customer_id) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      part.flatMap((o) => [
        'shop',
        o.orderNo,
        o.status,
        o.paidAmount,
        o.paidAmount,
        o.refundedAmount,
        dbTime(o.paidAt as Date),
        dbTime(o.paidAt as Date),
        o.customerId,
      ]),
    );
  }
  return { orders, lastInteraction };
}

interface CustRow {
  id: number;
  rfm_r: unknown;
  rfm_f: unknown;
  rfm_m: unknown;
  rfm_segment: string | null;
  lifecycle_stage: string;
  rfm_computed_at: unknown;
}
const n = (v: unknown) => (v === null ? null : num(v));

describe('RFM full recompute (SQL job) agrees with the pure definition', () => {
  let app: TestApp;
  let data: Awaited<ReturnType<typeof seed>>;
  const CUSTOMERS = 400;

  beforeAll(async () => {
    app = await startTestApp({ ADMIN_USERIDS: 'boss' });
    data = await seed(app, CUSTOMERS, 42);
    await app.deps.ds.query(
      `INSERT INTO staff (userid, name, role, status, is_follow_user) VALUES ('boss','老板','guide',1,1),('mgr','店长','manager',1,1),('g1','导购','guide',1,1)`,
    );
  });
  afterAll(async () => app.stop());

  const expected = (fixed: Parameters<typeof computeRfm>[2] = null, windowDays = 365, churnDays = 90) => {
    const ids = Array.from({ length: CUSTOMERS }, (_, i) => i + 1);
    const aggs = aggregateOrders(data.orders, ids, NOW.getTime(), windowDays);
    const res = computeRfm(aggs, NOW.getTime(), fixed);
    const stages = new Map(
      ids.map((id) => {
        const counted = data.orders.filter(
          (o) => o.customerId === id && isCountedOrder(o) && (o.paidAt as Date).getTime() <= NOW.getTime(),
        );
        const agg = aggs[id - 1]!;
        return [
          id,
          lifecycleStage(
            {
              frequency: agg.frequency,
              hasOrders: counted.length > 0,
              lastPaidAt: counted.length ? Math.max(...counted.map((o) => (o.paidAt as Date).getTime())) : null,
              lastInteractionAt: data.lastInteraction.get(id) ?? null,
            },
            NOW.getTime(),
            churnDays,
          ),
        ];
      }),
    );
    return { res, stages };
  };

  const stored = async (): Promise<CustRow[]> =>
    app.deps.ds.query('SELECT id, rfm_r, rfm_f, rfm_m, rfm_segment, lifecycle_stage, rfm_computed_at FROM customer ORDER BY id');

  it('writes for every customer exactly the scores, segment and lifecycle the pure function computes from the raw orders', async () => {
    const run = await runRfmRecompute(app.deps.ds, { trigger: 'test', now: NOW, chunkIds: 37 });
    const { res, stages } = expected();
    expect(res.scoredCount).toBeGreaterThan(50);
    expect(run.status).toBe('succeeded');
    expect(run.cutPoints).toEqual(res.cutPoints);
    expect(run.means).toEqual(res.means);
    expect(run.segmentCounts).toEqual(res.segmentCounts);
    expect(run.scoredCount).toBe(res.scoredCount);
    expect(run.customerCount).toBe(CUSTOMERS);
    const rows = await stored();
    const got = rows.map((r) => ({
      id: num(r.id),
      r: n(r.rfm_r),
      f: n(r.rfm_f),
      m: n(r.rfm_m),
      segment: r.rfm_segment,
      stage: r.lifecycle_stage,
    }));
    const want = res.scores.map((s) => ({ id: s.customerId, r: s.r, f: s.f, m: s.m, segment: s.segment, stage: stages.get(s.customerId) }));
    expect(got).toEqual(want);
    expect(rows.every((r) => fromDbTime(r.rfm_computed_at)?.getTime() === NOW.getTime())).toBe(true);
  });

  it('a second run over unchanged data changes nothing and writes no segment_changed rows', async () => {
    const run = await runRfmRecompute(app.deps.ds, { trigger: 'test', now: NOW, chunkIds: 100 });
    expect(run.changedCount).toBe(0);
    const [{ c }] = await app.deps.ds.query(`SELECT COUNT(*) AS c FROM interaction WHERE type = 'segment_changed'`);
    expect(num(c)).toBe(0);
  });

  it('fixed thresholds from the admin settings replace the percentiles; segment changes land on the timeline once', async () => {
    const boss = await sessionHeaders(app, 'boss');
    const settings = {
      windowDays: 180,
      churnSilenceDays: 60,
      fixedThresholds: { r: [7, 30, 60, 120], f: [1, 2, 3, 4], m: [1000, 2000, 4000, 8000] },
    };
    const bad = await app.request('/api/admin/settings/rfm', {
      method: 'PUT',
      headers: { ...boss, 'content-type': 'application/json' },
      body: JSON.stringify({ ...settings, fixedThresholds: { ...settings.fixedThresholds, m: [5, 4, 3, 2] } }),
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('阈值必须从小到大排列');
    const guide = await app.request('/api/admin/settings/rfm', {
      method: 'PUT',
      headers: { ...(await sessionHeaders(app, 'g1')), 'content-type': 'application/json' },
      body: JSON.stringify(settings),
    });
    expect(guide.status).toBe(403);
    const put = await app.request('/api/admin/settings/rfm', {
      method: 'PUT',
      headers: { ...boss, 'content-type': 'application/json' },
      body: JSON.stringify(settings),
    });
    expect(put.status).toBe(200);
    expect(await (await app.request('/api/admin/settings/rfm', { headers: boss })).json()).toEqual({ settings });
    const [{ c: audits }] = await app.deps.ds.query(`SELECT COUNT(*) AS c FROM audit_log WHERE action = 'rfm_settings.update'`);
    expect(num(audits)).toBe(1);

    const before = await stored();
    const run = await runRfmRecompute(app.deps.ds, { trigger: 'test', now: NOW, chunkIds: 64 });
    expect(run.mode).toBe('fixed');
    const { res, stages } = expected(settings.fixedThresholds as never, 180, 60);
    const rows = await stored();
    expect(rows.map((r) => [r.rfm_segment, r.lifecycle_stage])).toEqual(res.scores.map((s) => [s.segment, stages.get(s.customerId)]));
    const moved = before.filter((b, i) => b.rfm_segment !== rows[i]!.rfm_segment).length;
    expect(moved).toBeGreaterThan(0);
    const changes: Array<{ customer_id: number; payload: string; dedupe_key: string }> = await app.deps.ds.query(
      `SELECT customer_id, payload, dedupe_key FROM interaction WHERE type = 'segment_changed' ORDER BY customer_id`,
    );
    expect(changes.length).toBe(moved);
    const first = changes[0]!;
    const b = before.find((x) => num(x.id) === num(first.customer_id))!;
    expect(JSON.parse(first.payload)).toMatchObject({
      from: b.rfm_segment,
      to: rows.find((x) => num(x.id) === num(first.customer_id))!.rfm_segment,
      runId: run.id,
    });
    expect(first.dedupe_key).toBe(`rfm:${run.id}:${num(first.customer_id)}`);
  });

  it('GET /api/rfm/runs/latest shows managers how the tiers were drawn; guides may not', async () => {
    expect((await app.request('/api/rfm/runs/latest', { headers: await sessionHeaders(app, 'g1') })).status).toBe(403);
    const res = await app.request('/api/rfm/runs/latest', { headers: await sessionHeaders(app, 'mgr') });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      run: { mode: string; cutPoints: unknown; segments: Array<{ label: string; count: number }>; customerCount: number };
    };
    expect(body.run.mode).toBe('fixed');
    expect(body.run.cutPoints).toEqual({ r: [7, 30, 60, 120], f: [1, 2, 3, 4], m: [1000, 2000, 4000, 8000] });
    expect(body.run.segments.reduce((s, x) => s + x.count, 0)).toBe(CUSTOMERS);
    expect(body.run.segments[0]!.label).toBe('重要价值客户');
  });

  it('a run that fails part-way is marked failed and never becomes the latest', async () => {
    await expect(
      runRfmRecompute(app.deps.ds, {
        trigger: 'test',
        now: NOW,
        chunkIds: 50,
        afterChunk: (i) => {
          if (i === 1) throw new Error('boom');
        },
      }),
    ).rejects.toThrow('boom');
    const [last] = await app.deps.ds.query('SELECT status FROM rfm_run ORDER BY id DESC LIMIT 1');
    expect(last.status).toBe('failed');
    const body = (await (await app.request('/api/rfm/runs/latest', { headers: await sessionHeaders(app, 'mgr') })).json()) as {
      run: { mode: string };
    };
    expect(body.run.mode).toBe('fixed');
  });

  it('a new paid order re-scores that customer at once against the stored cut points and means; a full refund takes it back', async () => {
    const [latest] = await app.deps.ds.query(`SELECT id FROM rfm_run WHERE status = 'succeeded' ORDER BY id DESC LIMIT 1`);
    const run = (await app.deps.ds.query('SELECT cut_points, means, window_days FROM rfm_run WHERE id = ?', [latest.id]))[0];
    const cuts = JSON.parse(run.cut_points),
      means = JSON.parse(run.means);
    const [prospect] = await app.deps.ds.query(`SELECT id FROM customer WHERE rfm_segment = 'prospect' ORDER BY id LIMIT 1`);
    const cid = num(prospect.id);
    await app.deps.ds.query('UPDATE customer SET external_userid = ? WHERE id = ?', [`wm_inc_${cid}`, cid]);
    const paidAt = new Date(NOW.getTime() - 2 * DAY_MS);
    const payload = {
      order_no: 'INC1',
      source: 'shop',
      status: 'paid' as const,
      total_amount: 9000,
      paid_amount: 9000,
      refunded_amount: 0,
      paid_at: paidAt.toISOString(),
      updated_at: paidAt.toISOString(),
      items: [],
      external_userid: `wm_inc_${cid}`,
      unionid: null,
      phone: null,
      member_no: null,
      guide_userid: null,
    };
    await ingestOrders(app.deps.ds, [payload], NOW);
    const want = scoreOne(
      { customerId: cid, frequency: 1, monetary: 9000, lastPaidAt: paidAt.getTime(), hasOlderOrders: false },
      NOW.getTime(),
      cuts,
      means,
    );
    const [row] = await app.deps.ds.query('SELECT rfm_r, rfm_f, rfm_m, rfm_segment, lifecycle_stage FROM customer WHERE id = ?', [cid]);
    expect([n(row.rfm_r), n(row.rfm_f), n(row.rfm_m), row.rfm_segment, row.lifecycle_stage]).toEqual([
      want.r,
      want.f,
      want.m,
      want.segment,
      'purchased',
    ]);
    const events = await app.deps.ds.query(`SELECT payload FROM interaction WHERE customer_id = ? AND type = 'segment_changed'`, [cid]);
    expect(events.map((e: { payload: string }) => JSON.parse(e.payload).to)).toEqual([want.segment]);

    await ingestOrders(app.deps.ds, [{ ...payload, status: 'refunded', refunded_amount: 9000, updated_at: NOW.toISOString() }], NOW);
    const [after] = await app.deps.ds.query('SELECT rfm_r, rfm_segment, order_count FROM customer WHERE id = ?', [cid]);
    expect([after.rfm_r, after.rfm_segment, num(after.order_count)]).toEqual([null, 'prospect', 0]);
  });
});
