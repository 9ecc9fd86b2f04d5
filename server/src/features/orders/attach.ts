import type { DataSource } from 'typeorm';
import type { AppDeps } from '@server/context.ts';
import { log } from '@server/logger.ts';
import { attributeOrders } from './attribution.ts';
import { afterOrdersWritten } from './effects.ts';
import { byRemarkMobiles } from './identity.ts';
import { caseUpdate, chunks, dbTime, fromDbTime, marks, num, select, type Db } from '@server/db/sql.ts';

/** Candidate (order, customer) pairs for one identity key, lowest customer id per order. */
async function candidates(db: Db, join: string, customerIds: readonly number[] | undefined): Promise<Map<number, number>> {
  const filter = customerIds ? ` AND c.id IN (${marks(customerIds.length)})` : '';
  const rows = await select<{ oid: unknown; cid: unknown }>(
    db,
    `SELECT o.id AS oid, MIN(c.id) AS cid FROM orders o JOIN ${join} WHERE o.customer_id IS NULL${filter} GROUP BY o.id`,
    customerIds ? [...customerIds] : [],
  );
  return new Map(rows.map((r) => [num(r.oid), num(r.cid)]));
}

/**
 * Phone matches through follow remark_mobiles: the distinct phones of unmatched orders, then one
 * scan of customer_follow per 200 phones (restricted to `customerIds` when given).
 */
async function remarkCandidates(db: Db, customerIds: readonly number[] | undefined): Promise<Map<number, number>> {
  const rows = await select<{ id: unknown; phone: string }>(
    db,
    'SELECT id, phone FROM orders WHERE customer_id IS NULL AND phone IS NOT NULL',
  );
  const phones = [...new Set(rows.map((r) => r.phone).filter((p) => /^1[3-9]\d{9}$/.test(p)))];
  const byPhone = new Map<string, number>();
  for (const part of chunks(phones, 200)) {
    for (const [p, cid] of await byRemarkMobiles(db, part, customerIds)) byPhone.set(p, cid);
  }
  const out = new Map<number, number>();
  for (const r of rows) {
    const cid = byPhone.get(r.phone);
    if (cid !== undefined) out.set(num(r.id), cid);
  }
  return out;
}

/**
 * Attaches orders stored without a customer to the customer a later sync or order revealed,
 * by the same key priority as ingestion (external_userid → unionid → phone (customer.phone,
 * then follow remark_mobiles) → member_no). Set-based: one query per key, then per chunk of
 * orders one CASE UPDATE, attribution, interactions, metrics and RFM re-score in a transaction.
 * `customerIds` limits the search to customers just upserted (what the sync passes).
 * Returns how many orders were attached.
 */
export async function attachUnmatchedOrders(
  deps: Pick<AppDeps, 'ds'> | { ds: DataSource },
  { customerIds, now = new Date() }: { customerIds?: readonly number[]; now?: Date } = {},
): Promise<number> {
  const ds = deps.ds;
  let attached = 0;
  const idLists: Array<readonly number[] | undefined> = customerIds ? chunks([...new Set(customerIds)], 500) : [undefined];
  for (const ids of idLists) {
    if (ids && ids.length === 0) continue;
    const byKey = [
      await candidates(ds.manager, 'customer c ON c.external_userid = o.external_userid', ids),
      await candidates(ds.manager, 'customer c ON c.unionid = o.unionid', ids),
      await candidates(ds.manager, 'customer c ON c.phone = o.phone', ids),
      await remarkCandidates(ds.manager, ids),
      await candidates(ds.manager, 'customer c ON c.member_no = o.member_no', ids),
    ];
    const target = new Map<number, number>();
    for (const m of byKey) for (const [oid, cid] of m) if (!target.has(oid)) target.set(oid, cid);
    for (const part of chunks(
      [...target.keys()].sort((a, b) => a - b),
      300,
    )) {
      await ds.transaction(async (em) => {
        const rows = await select<{
          id: unknown;
          paid_at: unknown;
          source_updated_at: unknown;
          staff_id: unknown;
          attribution: string | null;
        }>(
          em,
          `SELECT id, paid_at, source_updated_at, staff_id, attribution FROM orders WHERE id IN (${marks(part.length)}) AND customer_id IS NULL`,
          part,
        );
        if (rows.length === 0) return;
        const attrs = await attributeOrders(
          em,
          rows.map((r) => ({
            customerId: target.get(num(r.id)) ?? null,
            at: fromDbTime(r.paid_at) ?? fromDbTime(r.source_updated_at) ?? new Date(),
            // A guide named in the payload stays the guide.
            payloadStaffId: r.attribution === 'payload_guide' && r.staff_id !== null ? num(r.staff_id) : null,
          })),
        );
        const ids2 = rows.map((r) => num(r.id));
        await caseUpdate(em, {
          table: 'orders',
          key: 'id',
          columns: ['customer_id', 'staff_id', 'attribution'],
          rows: ids2.map((id, i) => [id, target.get(id), attrs[i]?.staffId ?? null, attrs[i]?.rule ?? 'none']),
          also: { sql: 'updated_at = ?', params: [dbTime(now)] },
          where: 'customer_id IS NULL',
          chunk: 300,
        });
        await afterOrdersWritten(em, ids2, now);
        attached += ids2.length;
      });
    }
  }
  if (attached > 0) log('orders').info({ attached }, 'unmatched orders attached to customers');
  return attached;
}
