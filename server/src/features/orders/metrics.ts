import { COUNTED_ORDER_SQL } from '@server/features/rfm/index.ts';
import { caseUpdate, chunks, dbTime, fromDbTime, marks, num, select, type Db } from '@server/db/sql.ts';

/**
 * Recomputes order_count, total_spent (net fen) and last_order_at of these customers from
 * their counted orders — one GROUP BY and one CASE UPDATE per 200 customers — so repeated,
 * out-of-order or refunded deliveries can never double count (no += deltas).
 */
export async function recomputeCustomerMetrics(db: Db, customerIds: readonly number[]): Promise<void> {
  for (const ids of chunks([...new Set(customerIds)], 200)) {
    const rows = await select<{ cid: unknown; n: unknown; s: unknown; last: unknown }>(
      db,
      `SELECT o.customer_id AS cid, COUNT(*) AS n, SUM(o.paid_amount - o.refunded_amount) AS s, MAX(o.paid_at) AS last
         FROM orders o WHERE o.customer_id IN (${marks(ids.length)}) AND ${COUNTED_ORDER_SQL} GROUP BY o.customer_id`,
      ids,
    );
    const by = new Map(rows.map((r) => [num(r.cid), r]));
    const values = ids.map((id) => {
      const r = by.get(id);
      const last = r ? fromDbTime(r.last) : null;
      return [id, r ? num(r.n) : 0, r ? num(r.s) : 0, last ? dbTime(last) : null];
    });
    await caseUpdate(db, {
      table: 'customer',
      key: 'id',
      columns: ['order_count', 'total_spent', 'last_order_at'],
      rows: values,
      chunk: 200,
    });
  }
}
