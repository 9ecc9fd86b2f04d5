import { marks, num, select, type Db } from '@server/db/sql.ts';
import { normalizeMobile } from './phone.ts';

/** The identity fields an order may carry (phone already normalised). */
export interface OrderIdentity {
  externalUserid: string | null;
  unionid: string | null;
  phone: string | null;
  memberNo: string | null;
}

const uniq = (xs: Array<string | null>): string[] => [...new Set(xs.filter((x): x is string => !!x))];

/** Lowest customer id per value of one customer column, for the given values (one query). */
async function byColumn(
  db: Db,
  column: 'external_userid' | 'unionid' | 'phone' | 'member_no',
  values: string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (values.length === 0) return out;
  const rows = await select<{ v: string; id: unknown }>(
    db,
    `SELECT ${column} AS v, MIN(id) AS id FROM customer WHERE ${column} IN (${marks(values.length)}) GROUP BY ${column}`,
    values,
  );
  for (const r of rows) out.set(r.v, num(r.id));
  return out;
}

/**
 * Customers whose follow relations list one of these mobiles in remark_mobiles (a JSON text
 * column, so a LIKE per phone in ONE query; parsed and normalised here to confirm the match).
 */
export async function byRemarkMobiles(db: Db, phones: string[], customerIds?: readonly number[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (phones.length === 0 || customerIds?.length === 0) return out;
  const rows = await select<{ customer_id: unknown; remark_mobiles: string | null }>(
    db,
    `SELECT customer_id, remark_mobiles FROM customer_follow
      WHERE (${phones.map(() => 'remark_mobiles LIKE ?').join(' OR ')})${customerIds ? ` AND customer_id IN (${marks(customerIds.length)})` : ''}`,
    [...phones.map((p) => `%${p}%`), ...(customerIds ?? [])],
  );
  const wanted = new Set(phones);
  for (const r of rows) {
    let list: unknown;
    try {
      list = JSON.parse(r.remark_mobiles ?? '[]');
    } catch {
      continue;
    }
    if (!Array.isArray(list)) continue;
    for (const m of list) {
      const p = typeof m === 'string' ? normalizeMobile(m) : null;
      if (p && wanted.has(p)) {
        const id = num(r.customer_id);
        const cur = out.get(p);
        if (cur === undefined || id < cur) out.set(p, id);
      }
    }
  }
  return out;
}

/**
 * Resolves each order's customer in priority order external_userid → unionid → phone
 * (customer.phone, then follow remark_mobiles) → member_no, with a handful of set-based
 * queries for the whole batch. Returns the customer id per input index (null = unmatched).
 */
export async function resolveCustomers(db: Db, orders: readonly OrderIdentity[]): Promise<Array<number | null>> {
  const ext = await byColumn(db, 'external_userid', uniq(orders.map((o) => o.externalUserid)));
  const need = (pick: (o: OrderIdentity) => string | null, done: (o: OrderIdentity) => boolean) =>
    uniq(orders.filter((o) => !done(o)).map(pick));
  const hasExt = (o: OrderIdentity) => !!o.externalUserid && ext.has(o.externalUserid);
  const uni = await byColumn(
    db,
    'unionid',
    need((o) => o.unionid, hasExt),
  );
  const hasUni = (o: OrderIdentity) => hasExt(o) || (!!o.unionid && uni.has(o.unionid));
  const phones = need((o) => o.phone, hasUni);
  const phone = await byColumn(db, 'phone', phones);
  const remark = await byRemarkMobiles(
    db,
    phones.filter((p) => !phone.has(p)),
  );
  const hasPhone = (o: OrderIdentity) => hasUni(o) || (!!o.phone && (phone.has(o.phone) || remark.has(o.phone)));
  const member = await byColumn(
    db,
    'member_no',
    need((o) => o.memberNo, hasPhone),
  );
  return orders.map(
    (o) =>
      (o.externalUserid ? ext.get(o.externalUserid) : undefined) ??
      (o.unionid ? uni.get(o.unionid) : undefined) ??
      (o.phone ? (phone.get(o.phone) ?? remark.get(o.phone)) : undefined) ??
      (o.memberNo ? member.get(o.memberNo) : undefined) ??
      null,
  );
}
