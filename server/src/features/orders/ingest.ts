import type { DataSource, EntityManager } from 'typeorm';
import type { IngestResult, OrderInput } from '@shared/api/orders.ts';
import type { AttributionRule } from '@shared/enums.ts';
import { parseStrictTime } from '@shared/time.ts';
import { log } from '@server/logger.ts';
import { attributeOrders } from './attribution.ts';
import { afterOrdersWritten } from './effects.ts';
import { resolveCustomers } from './identity.ts';
import { applyMemberFacts } from './member-facts.ts';
import { normalizeMobile } from './phone.ts';
import { bulkInsert, chunks, dbTime, fromDbTime, isMysql, marks, num, select, type Db, type SqlValue } from '@server/db/sql.ts';

interface StoredOrder {
  id: number;
  source: string;
  orderNo: string;
  sourceUpdatedAt: number;
  customerId: number | null;
  staffId: number | null;
  attribution: AttributionRule | null;
}

/** Reads an order time the schema accepted; one without an offset is UTC. Whole seconds (MariaDB DATETIME). */
export function parseOrderTime(v: string): Date {
  const r = parseStrictTime(v, 'datetime');
  if (!r.ok) throw new Error(`order time not validated by orderInputSchema: ${v.slice(0, 40)}`);
  return new Date(Math.floor(r.at.getTime() / 1000) * 1000);
}

const keyOf = (source: string, orderNo: string) => `${source}\u0000${orderNo}`;

/** `source IN (…) AND order_no IN (…)`: both columns, so the unique (source, order_no) index is used. */
function byKeys(orders: readonly OrderInput[]): { sql: string; params: string[] } {
  const sources = [...new Set(orders.map((o) => o.source))];
  const nos = [...new Set(orders.map((o) => o.order_no))];
  return { sql: `source IN (${marks(sources.length)}) AND order_no IN (${marks(nos.length)})`, params: [...sources, ...nos] };
}

/** Locks (MySQL: FOR UPDATE) and reads the stored versions of these orders. */
async function loadStored(db: Db, orders: readonly OrderInput[]): Promise<Map<string, StoredOrder>> {
  const out = new Map<string, StoredOrder>();
  for (const part of chunks(orders, 500)) {
    const { sql, params } = byKeys(part);
    const rows = await select<{
      id: unknown;
      source: string;
      order_no: string;
      source_updated_at: unknown;
      customer_id: unknown;
      staff_id: unknown;
      attribution: AttributionRule | null;
    }>(
      db,
      `SELECT id, source, order_no, source_updated_at, customer_id, staff_id, attribution FROM orders WHERE ${sql}${isMysql(db) ? ' FOR UPDATE' : ''}`,
      params,
    );
    for (const r of rows) {
      out.set(keyOf(r.source, r.order_no), {
        id: num(r.id),
        source: r.source,
        orderNo: r.order_no,
        sourceUpdatedAt: fromDbTime(r.source_updated_at)?.getTime() ?? 0,
        customerId: r.customer_id === null ? null : num(r.customer_id),
        staffId: r.staff_id === null ? null : num(r.staff_id),
        attribution: r.attribution,
      });
    }
  }
  return out;
}

const ORDER_COLUMNS = [
  'source',
  'order_no',
  'status',
  'total_amount',
  'paid_amount',
  'refunded_amount',
  'paid_at',
  'source_updated_at',
  'external_userid',
  'unionid',
  'phone',
  'member_no',
  'customer_id',
  'staff_id',
  'attribution',
  'created_at',
  'updated_at',
] as const;
const UPDATED_ON_CONFLICT = ORDER_COLUMNS.filter((c) => c !== 'source' && c !== 'order_no' && c !== 'created_at');

/** Multi-row upsert on (source, order_no). */
async function upsertOrders(db: Db, rows: SqlValue[][]): Promise<void> {
  await bulkInsert(db, 'orders', ORDER_COLUMNS, rows, {
    upsert: { conflict: ['source', 'order_no'], update: UPDATED_ON_CONFLICT },
    chunk: 200,
  });
}

/**
 * Stores a batch of orders in ONE transaction (see ingestOrdersIn). A repeated or older delivery
 * (updated_at not newer than the stored source_updated_at) changes nothing.
 */
export async function ingestOrders(ds: DataSource, orders: readonly OrderInput[], now = new Date()): Promise<IngestResult> {
  return ds.transaction((em) => ingestOrdersIn(em, orders, now));
}

/**
 * The batch upsert inside the caller's transaction: newest version per (source, order_no) wins;
 * identities resolved and guides attributed set-based; items replaced; then interactions,
 * customer metrics and the incremental RFM re-score (afterOrdersWritten).
 */
export async function ingestOrdersIn(em: EntityManager, input: readonly OrderInput[], now = new Date()): Promise<IngestResult> {
  // The newest version of each order within the batch.
  const latest = new Map<string, OrderInput>();
  for (const o of input) {
    const k = keyOf(o.source, o.order_no);
    const cur = latest.get(k);
    if (!cur || parseOrderTime(o.updated_at).getTime() >= parseOrderTime(cur.updated_at).getTime()) latest.set(k, o);
  }
  const stored = await loadStored(em, [...latest.values()]);
  const writes = [...latest.values()].filter((o) => {
    const s = stored.get(keyOf(o.source, o.order_no));
    return !s || parseOrderTime(o.updated_at).getTime() > s.sourceUpdatedAt;
  });
  const result: IngestResult = { received: input.length, inserted: 0, updated: 0, ignored: input.length - writes.length, unmatched: 0 };
  if (writes.length === 0) return result;

  const identities = writes.map((o) => ({
    externalUserid: o.external_userid,
    unionid: o.unionid,
    phone: normalizeMobile(o.phone) ?? o.phone,
    memberNo: o.member_no,
  }));
  const resolved = await resolveCustomers(em, identities);
  const guideIds = [...new Set(writes.map((o) => o.guide_userid).filter((g): g is string => !!g))];
  const staffByUserid = new Map<string, number>();
  if (guideIds.length > 0) {
    const rows = await select<{ id: unknown; userid: string }>(
      em,
      `SELECT id, userid FROM staff WHERE userid IN (${marks(guideIds.length)})`,
      guideIds,
    );
    for (const r of rows) staffByUserid.set(r.userid, num(r.id));
  }
  // Keep a stored customer/attribution unless a customer is newly found or the payload names a guide.
  const customerIds = writes.map((o, i) => stored.get(keyOf(o.source, o.order_no))?.customerId ?? resolved[i] ?? null);
  const needAttribution = writes.map((o, i) => {
    const s = stored.get(keyOf(o.source, o.order_no));
    return !s || s.customerId !== customerIds[i] || !!o.guide_userid || s.attribution === null;
  });
  const attributions = await attributeOrders(
    em,
    writes.map((o, i) => ({
      customerId: needAttribution[i] ? (customerIds[i] ?? null) : null,
      at: parseOrderTime(o.paid_at ?? o.updated_at),
      payloadStaffId: needAttribution[i] && o.guide_userid ? (staffByUserid.get(o.guide_userid) ?? null) : null,
    })),
  );
  const ts = dbTime(now);
  const rows = writes.map((o, i): SqlValue[] => {
    const s = stored.get(keyOf(o.source, o.order_no));
    const a = needAttribution[i] ? attributions[i] : { staffId: s?.staffId ?? null, rule: s?.attribution ?? 'none' };
    if (s) result.updated++;
    else result.inserted++;
    if (customerIds[i] === null) result.unmatched++;
    return [
      o.source,
      o.order_no,
      o.status,
      o.total_amount,
      o.paid_amount,
      o.refunded_amount,
      o.paid_at ? dbTime(parseOrderTime(o.paid_at)) : null,
      dbTime(parseOrderTime(o.updated_at)),
      o.external_userid,
      o.unionid,
      identities[i]?.phone ?? null,
      o.member_no,
      customerIds[i] ?? null,
      a?.staffId ?? null,
      a?.rule ?? 'none',
      ts,
      ts,
    ];
  });
  await upsertOrders(em, rows);
  await applyMemberFacts(em, writes, customerIds, now);

  // Ids of the written orders (new ones got theirs just now).
  const idByKey = new Map<string, number>();
  for (const part of chunks(writes, 500)) {
    const { sql, params } = byKeys(part);
    const got = await select<{ id: unknown; source: string; order_no: string }>(
      em,
      `SELECT id, source, order_no FROM orders WHERE ${sql}`,
      params,
    );
    for (const r of got) idByKey.set(keyOf(r.source, r.order_no), num(r.id));
  }
  const orderIds = writes.map((o) => idByKey.get(keyOf(o.source, o.order_no)) as number);
  for (const part of chunks(orderIds, 500)) await em.query(`DELETE FROM order_item WHERE order_id IN (${marks(part.length)})`, part);
  const items = writes.flatMap((o, i) =>
    o.items.map((it) => [orderIds[i] ?? null, it.sku, it.name, it.quantity, it.unit_price, it.quantity * it.unit_price]),
  );
  await bulkInsert(em, 'order_item', ['order_id', 'sku', 'name', 'quantity', 'unit_price', 'amount'], items, { chunk: 300 });
  await afterOrdersWritten(em, orderIds, now);
  log('orders').debug({ ...result }, 'orders ingested');
  return result;
}
