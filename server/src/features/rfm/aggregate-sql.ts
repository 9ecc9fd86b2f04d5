import { DAY_MS, type RfmAggregate } from '@shared/rfm/score.ts';
import type { DataSource } from 'typeorm';
import { dbTime, fromDbTime, marks, num, select, type Db } from '@server/db/sql.ts';

/**
 * The SQL side of the RFM definition: "counted" orders (paid or partially refunded, net > 0,
 * with a paid_at) aggregated per customer in ONE GROUP BY. The same predicate as
 * shared/src/rfm isCountedOrder, written once here for every SQL reader.
 */
export const COUNTED_ORDER_SQL =
  "o.status IN ('paid', 'partially_refunded') AND o.paid_at IS NOT NULL AND o.paid_amount > o.refunded_amount";

/** An aggregate row plus the last counted order ever (for the lifecycle stage). */
export interface SqlAggregate extends RfmAggregate {
  lastPaidEver: number | null;
}

interface AggRow {
  cid: number | string;
  f: unknown;
  m: unknown;
  last_in: unknown;
  older: unknown;
  last_ever: unknown;
}

/**
 * Per-customer aggregates over counted orders up to `now`: F, M and last paid_at inside the
 * window (now − W days, now], whether older counted orders exist, and the last one ever.
 * Restricted to a customer id range (streaming the full job) or an id list (incremental).
 */
export async function aggregateCustomers(
  db: Db,
  { now, windowDays, range, ids }: { now: Date; windowDays: number; range?: [number, number]; ids?: number[] },
): Promise<SqlAggregate[]> {
  const start = dbTime(new Date(now.getTime() - windowDays * DAY_MS));
  const where: string[] = [COUNTED_ORDER_SQL, 'o.paid_at <= ?'];
  const params: unknown[] = [start, start, start, start, dbTime(now)];
  if (range) {
    where.push('o.customer_id BETWEEN ? AND ?');
    params.push(range[0], range[1]);
  } else if (ids) {
    if (ids.length === 0) return [];
    where.push(`o.customer_id IN (${marks(ids.length)})`);
    params.push(...ids);
  } else {
    where.push('o.customer_id IS NOT NULL');
  }
  const rows = await select<AggRow>(db, aggregateSql(where), params);
  return rows.map(toAggregate);
}

/** The one GROUP BY (window start passed 4 times, then `now`, then the extra WHERE params). */
function aggregateSql(where: string[]): string {
  return `SELECT o.customer_id AS cid,
            SUM(CASE WHEN o.paid_at > ? THEN 1 ELSE 0 END) AS f,
            SUM(CASE WHEN o.paid_at > ? THEN o.paid_amount - o.refunded_amount ELSE 0 END) AS m,
            MAX(CASE WHEN o.paid_at > ? THEN o.paid_at END) AS last_in,
            MAX(CASE WHEN o.paid_at <= ? THEN 1 ELSE 0 END) AS older,
            MAX(o.paid_at) AS last_ever
       FROM orders o
      WHERE ${where.join(' AND ')}
      GROUP BY o.customer_id
      ORDER BY o.customer_id`;
}

function toAggregate(r: AggRow): SqlAggregate {
  return {
    customerId: num(r.cid),
    frequency: num(r.f),
    monetary: num(r.m),
    lastPaidAt: fromDbTime(r.last_in)?.getTime() ?? null,
    hasOlderOrders: num(r.older) > 0,
    lastPaidEver: fromDbTime(r.last_ever)?.getTime() ?? null,
  };
}

/**
 * MySQL/MariaDB: the same GROUP BY over ALL customers as ONE query whose rows are streamed
 * (mysql2 row stream), so the database scans orders once instead of once per id range.
 */
export async function streamAllAggregates(
  ds: DataSource,
  { now, windowDays }: { now: Date; windowDays: number },
  onRow: (a: SqlAggregate) => void,
): Promise<void> {
  const start = dbTime(new Date(now.getTime() - windowDays * DAY_MS));
  const qr = ds.createQueryRunner();
  try {
    const stream = await qr.stream(aggregateSql([COUNTED_ORDER_SQL, 'o.paid_at <= ?', 'o.customer_id IS NOT NULL']), [
      start,
      start,
      start,
      start,
      dbTime(now),
    ]);
    for await (const row of stream) onRow(toAggregate(row as AggRow));
  } finally {
    await qr.release();
  }
}
