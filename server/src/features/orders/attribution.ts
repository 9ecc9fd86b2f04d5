import type { AttributionRule } from '@shared/enums.ts';
import { chunks, dbTime, fromDbTime, marks, num, select, type Db } from '@server/db/sql.ts';

export interface AttributionInput {
  customerId: number | null;
  /** When the purchase happened (paid_at, else the update time). */
  at: Date;
  /** The guide named by the payload, already resolved to a staff id (null when none or unknown). */
  payloadStaffId: number | null;
}

export interface Attribution {
  staffId: number | null;
  rule: AttributionRule;
}

/**
 * Attributes orders to guides, set-based for a batch:
 * 1. payload_guide — the guide given in the order;
 * 2. last_interaction — among the customer's follow relations, the guide with the latest
 *    interaction strictly before the purchase (order/rfm/transfer rows excluded), in ONE grouped query;
 *    a guide who had handed the customer over (转交) before the purchase is no longer a candidate;
 * 3. only_follow — the customer's only active follow relation;
 * 4. none.
 */
export async function attributeOrders(db: Db, inputs: readonly AttributionInput[]): Promise<Attribution[]> {
  const out: Attribution[] = inputs.map((i) =>
    i.payloadStaffId !== null ? { staffId: i.payloadStaffId, rule: 'payload_guide' } : { staffId: null, rule: 'none' },
  );
  const pending = inputs.map((i, k) => ({ ...i, k })).filter((i) => i.payloadStaffId === null && i.customerId !== null);
  if (pending.length === 0) return out;

  const best = new Map<number, { staffId: number; t: number }>();
  for (const part of chunks(pending, 300)) {
    const derived = part.map(() => 'SELECT ? AS k, ? AS cid, ? AS pat').join(' UNION ALL ');
    const rows = await select<{ k: unknown; staff_id: unknown; t: unknown }>(
      db,
      `SELECT o.k AS k, i.staff_id AS staff_id, MAX(i.occurred_at) AS t
         FROM (${derived}) o
         JOIN interaction i ON i.customer_id = o.cid AND i.occurred_at < o.pat
         JOIN customer_follow f ON f.customer_id = i.customer_id AND f.staff_id = i.staff_id
        WHERE i.staff_id IS NOT NULL AND i.source NOT IN ('orders', 'rfm', 'transfer')
          AND (f.lost_reason IS NULL OR f.lost_reason <> 'transferred' OR f.lost_at > o.pat)
        GROUP BY o.k, i.staff_id`,
      part.flatMap((p) => [p.k, p.customerId, dbTime(p.at)]),
    );
    for (const r of rows) {
      const k = num(r.k),
        staffId = num(r.staff_id),
        t = fromDbTime(r.t)?.getTime() ?? 0;
      const cur = best.get(k);
      if (!cur || t > cur.t || (t === cur.t && staffId < cur.staffId)) best.set(k, { staffId, t });
    }
  }
  const customerIds = [...new Set(pending.filter((p) => !best.has(p.k)).map((p) => p.customerId as number))];
  const only = new Map<number, number>();
  for (const part of chunks(customerIds, 500)) {
    const rows = await select<{ customer_id: unknown; staff_id: unknown }>(
      db,
      `SELECT customer_id, MIN(staff_id) AS staff_id FROM customer_follow
        WHERE customer_id IN (${marks(part.length)}) AND lost_at IS NULL GROUP BY customer_id HAVING COUNT(*) = 1`,
      part,
    );
    for (const r of rows) only.set(num(r.customer_id), num(r.staff_id));
  }
  for (const p of pending) {
    const b = best.get(p.k);
    if (b) out[p.k] = { staffId: b.staffId, rule: 'last_interaction' };
    else if (only.has(p.customerId as number)) out[p.k] = { staffId: only.get(p.customerId as number) as number, rule: 'only_follow' };
  }
  return out;
}
