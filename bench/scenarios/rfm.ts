/**
 * RFM: the full recompute (the production job: streamed GROUP BY, scoring in TypeScript,
 * staged batched UPDATEs, run record) next to its floor — ONE hand-written SQL aggregate
 * over the same orders with its rows fetched — plus the latency of ingesting one paid order
 * (upsert, identity, attribution, interactions, metrics, incremental re-score).
 *
 * Leaves the demo corp with its tiers computed as of demo.now (deterministic); the extra
 * orders it adds for the incremental figure are removed and their customers restored.
 */
import type { DataSource } from 'typeorm';
import { DAY_MS } from '@shared/rfm/score.ts';
import { ingestOrders } from '@server/features/orders/ingest.ts';
import { recomputeCustomerMetrics } from '@server/features/orders/metrics.ts';
import { dbTime, marks, num } from '@server/db/sql.ts';
import { COUNTED_ORDER_SQL } from '@server/features/rfm/aggregate-sql.ts';
import { rescoreCustomers } from '@server/features/rfm/incremental.ts';
import { runRfmRecompute } from '@server/features/rfm/recompute.ts';
import { loadRfmSettings } from '@server/features/rfm/settings.ts';
import type { BenchContext, BenchRow, BenchScenario } from '../types.ts';

const INCREMENTAL_ORDERS = 30;
const round = (ms: number) => Math.round(ms * 10) / 10;

/** The floor: one GROUP BY over the window's counted orders, rows fetched to the client. */
async function floorAggregate(ds: DataSource, now: Date, windowDays: number): Promise<number> {
  const t = performance.now();
  const rows: unknown[] = await ds.query(
    `SELECT o.customer_id, COUNT(*) AS f, SUM(o.paid_amount - o.refunded_amount) AS m, MAX(o.paid_at) AS last
       FROM orders o WHERE ${COUNTED_ORDER_SQL} AND o.paid_at > ? AND o.paid_at <= ? AND o.customer_id IS NOT NULL
      GROUP BY o.customer_id`,
    [dbTime(new Date(now.getTime() - windowDays * DAY_MS)), dbTime(now)],
  );
  if (rows.length < 0) throw new Error('unreachable');
  return performance.now() - t;
}

async function incrementalLatency(ds: DataSource, now: Date): Promise<{ p50: number; p95: number }> {
  const customers: Array<{ id: unknown; external_userid: string }> = await ds.query(
    `SELECT id, external_userid FROM customer WHERE id % 97 = 0 ORDER BY id LIMIT ${INCREMENTAL_ORDERS}`,
  );
  const times: number[] = [];
  const ids = customers.map((c) => num(c.id));
  try {
    for (const [i, c] of customers.entries()) {
      const paidAt = new Date(now.getTime() - 3600_000).toISOString();
      const t = performance.now();
      await ingestOrders(
        ds,
        [
          {
            order_no: `BENCH-RFM-${i}`,
            source: 'bench',
            status: 'paid',
            total_amount: 29900,
            paid_amount: 29900,
            refunded_amount: 0,
            paid_at: paidAt,
            updated_at: paidAt,
            items: [{ sku: 'B1', name: '基准测试商品', quantity: 1, unit_price: 29900 }],
            external_userid: c.external_userid,
            unionid: null,
            phone: null,
            member_no: null,
            guide_userid: null,
          },
        ],
        now,
      );
      times.push(performance.now() - t);
    }
  } finally {
    // Restore: drop the bench orders and their timeline rows, then recompute those customers.
    const orderIds = ((await ds.query(`SELECT id FROM orders WHERE source = 'bench'`)) as Array<{ id: unknown }>).map((r) => num(r.id));
    await ds.transaction(async (em) => {
      if (orderIds.length > 0) {
        await em.query(`DELETE FROM order_item WHERE order_id IN (${marks(orderIds.length)})`, orderIds);
        await em.query(
          `DELETE FROM interaction WHERE dedupe_key IN (${marks(orderIds.length)})`,
          orderIds.map((id) => `order_paid:${id}`),
        );
        await em.query(`DELETE FROM orders WHERE source = 'bench'`);
      }
      await em.query(`DELETE FROM interaction WHERE type = 'segment_changed' AND dedupe_key LIKE 'rfm:i%'`);
      await recomputeCustomerMetrics(em, ids);
      await rescoreCustomers(em, ids, now);
    });
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)] ?? 0, p95: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)] ?? 0 };
}

export const scenario: BenchScenario = {
  name: 'rfm',
  description: 'full RFM recompute vs one hand-written SQL aggregate; one-order ingest with incremental re-score',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const ds = await ctx.demoDataSource();
    const now = ctx.demo.now;
    const settings = await loadRfmSettings(ds);
    const [{ c, o }] = (await ds.query('SELECT (SELECT COUNT(*) FROM customer) AS c, (SELECT COUNT(*) FROM orders) AS o')) as [
      { c: unknown; o: unknown },
    ];
    ctx.log(`rfm: ${num(c)} customers, ${num(o)} orders; clearing stored tiers for a cold run`);
    await ds.query(
      `UPDATE customer SET rfm_r = NULL, rfm_f = NULL, rfm_m = NULL, rfm_segment = NULL, rfm_computed_at = NULL, lifecycle_stage = 'aware'`,
    );

    const floor1 = await floorAggregate(ds, now, settings.windowDays);
    const cold = await runRfmRecompute(ds, { trigger: 'cli', now });
    const warm = await runRfmRecompute(ds, { trigger: 'cli', now });
    const floor2 = await floorAggregate(ds, now, settings.windowDays);
    const floor = Math.min(floor1, floor2);
    ctx.log(`rfm: cold ${cold.durationMs} ms (${cold.changedCount} changed), warm ${warm.durationMs} ms, floor ${round(floor)} ms`);
    const inc = await incrementalLatency(ds, now);
    const label = `one GROUP BY over ${num(o)} orders`;
    return [
      {
        metric: `full recompute, ${num(c)} customers (all tiers written)`,
        value: cold.durationMs,
        unit: 'ms',
        floor: round(floor),
        floorLabel: label,
        better: 'lower',
      },
      {
        metric: 'full recompute, nothing changed (nightly steady state)',
        value: warm.durationMs,
        unit: 'ms',
        floor: round(floor),
        floorLabel: label,
        better: 'lower',
      },
      {
        metric: 'full recompute vs budget',
        value: cold.durationMs,
        unit: 'ms',
        floor: 60_000,
        floorLabel: 'DESIGN.md budget (1M customers)',
        better: 'lower',
      },
      {
        metric: 'ingest one paid order + incremental re-score, p50',
        value: round(inc.p50),
        unit: 'ms',
        floor: null,
        floorLabel: `${INCREMENTAL_ORDERS} orders, one transaction each`,
        better: 'lower',
      },
      {
        metric: 'ingest one paid order + incremental re-score, p95',
        value: round(inc.p95),
        unit: 'ms',
        floor: null,
        floorLabel: `${INCREMENTAL_ORDERS} orders, one transaction each`,
        better: 'lower',
      },
    ];
  },
};
