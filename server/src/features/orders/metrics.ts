import { COUNTED_ORDER_SQL } from '@server/features/rfm/index.ts';
import { chunks, dbTime, fromDbTime, marks, num, type Db } from './sql.ts';

/**
 * Recomputes order_count, total_spent (net fen) and last_order_at of these customers from
 * their counted orders — one GROUP BY and one CASE UPDATE per 200 customers — so repeated,
 * out-of-order or refunded deliveries can never double count (no += deltas).
 */
export async function recomputeCustomerMetrics(db: Db, customerIds: readonly number[]): Promise<void> {
  for (const ids of chunks([...new Set(customerIds)], 200)) {
    const rows: Array<{ cid: unknown; n: unknown; s: unknown; last: unknown }> = await db.query(
      `SELECT o.customer_id AS cid, COUNT(*) AS n, SUM(o.paid_amount - o.refunded_amount) AS s, MAX(o.paid_at) AS last
         FROM orders o WHERE o.customer_id IN (${marks(ids.length)}) AND ${COUNTED_ORDER_SQL} GROUP BY o.customer_id`,
      ids,
    );
    const by = new Map(rows.map((r) => [num(r.cid), r]));
    const vals = ids.map((id) => {
      const r = by.get(id);
      const last = r ? fromDbTime(r.last) : null;
      return { id, n: r ? num(r.n) : 0, s: r ? num(r.s) : 0, last: last ? dbTime(last) : null };
    });
    const when = vals.map(() => 'WHEN ? THEN ?').join(' ');
    await db.query(
      `UPDATE customer SET order_count = CASE id ${when} END, total_spent = CASE id ${when} END, last_order_at = CASE id ${when} END
        WHERE id IN (${marks(ids.length)})`,
      [...vals.flatMap((v) => [v.id, v.n]), ...vals.flatMap((v) => [v.id, v.s]), ...vals.flatMap((v) => [v.id, v.last]), ...ids],
    );
  }
}
