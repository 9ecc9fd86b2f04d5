/**
 * The corp the reports scenario measures: many guides and tens of millions of interactions, written
 * set-based (INSERT … SELECT over a numbers table, a million rows a statement) into a database of its
 * own, so the team report's size does not depend on how long the demo generator would take to write
 * it row by row. Deterministic: every row is arithmetic on its number. A marker in `setting` says
 * which size is loaded, so a second run reuses it.
 */
import type { DataSource } from 'typeorm';
import { DAY_MS } from '@shared/time.ts';
import { dbTime, isMysql, isSqlite, select, shanghaiDayExpr } from '@server/db/sql.ts';
import { withDeferredIndexes } from '@server/demo/seed/indexes.ts';
import type { BenchScale } from '../types.ts';

export interface ReportsCorpSize {
  guides: number;
  customers: number;
  orders: number;
  interactions: number;
}

export const REPORTS_CORP: Record<BenchScale, ReportsCorpSize> = {
  small: { guides: 50, customers: 10_000, orders: 60_000, interactions: 200_000 },
  medium: { guides: 200, customers: 100_000, orders: 600_000, interactions: 2_000_000 },
  large: { guides: 500, customers: 500_000, orders: 3_000_000, interactions: 20_000_000 },
};

const MARKER = 'bench.reports-corp';
const BLOCK = 1_000_000;
const TABLES = ['staff_daily_stats', 'interaction', 'orders', 'customer_follow', 'customer', 'staff'] as const;

/** "now minus `seconds` seconds" as a datetime expression of the dialect. */
function secondsBefore(ds: DataSource, now: string, seconds: string): string {
  return isSqlite(ds)
    ? `strftime('%Y-%m-%d %H:%M:%S', '${now}', '-' || (${seconds}) || ' seconds')`
    : `DATE_SUB('${now}', INTERVAL (${seconds}) SECOND)`;
}

const concat = (ds: DataSource, prefix: string, expr: string): string =>
  isSqlite(ds) ? `'${prefix}' || (${expr})` : `CONCAT('${prefix}', ${expr})`;

/** A numbers table 1..1,000,000 (six cross-joined digit tables), the row source of every INSERT … SELECT. */
async function ensureNumbers(ds: DataSource): Promise<void> {
  await ds.query('CREATE TABLE IF NOT EXISTS bench_numbers (n INT NOT NULL PRIMARY KEY)');
  const [row] = await select<{ c: number | string }>(ds, 'SELECT COUNT(*) AS c FROM bench_numbers');
  if (Number(row?.c) === BLOCK) return;
  await ds.query('DELETE FROM bench_numbers');
  const digits =
    '(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';
  await ds.query(
    `INSERT INTO bench_numbers (n)
     SELECT 1 + a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 100000 * g.d
     FROM ${digits} a, ${digits} b, ${digits} c, ${digits} e, ${digits} f, ${digits} g`,
  );
}

/** Runs `insert(offset, count)` over 1..total in blocks of the numbers table. */
async function inBlocks(total: number, insert: (offset: number, count: number) => Promise<unknown>): Promise<void> {
  for (let offset = 0; offset < total; offset += BLOCK) await insert(offset, Math.min(BLOCK, total - offset));
}

export async function reportsCorpLoaded(ds: DataSource, size: ReportsCorpSize, now: Date): Promise<boolean> {
  const rows = await select<{ value: string }>(ds, `SELECT value FROM setting WHERE ${ds.driver.escape('key')} = ?`, [MARKER]);
  return rows[0]?.value === JSON.stringify({ ...size, now: now.toISOString() });
}

/**
 * Writes the corp: guides 1..G; customer c followed by guide (c mod G); orders over the last year
 * (one in five not attributed to a guide, some refunded); interactions over the last 180 days
 * (messages both ways, tags, script sends) spread evenly over customers and time.
 */
export async function loadReportsCorp(ds: DataSource, size: ReportsCorpSize, now: Date, log: (m: string) => void): Promise<void> {
  const key = ds.driver.escape('key');
  await ds.query(`DELETE FROM setting WHERE ${key} IN (?, ?)`, [MARKER, 'bench.reports-references']);
  for (const t of TABLES) await ds.query(isMysql(ds) ? `TRUNCATE TABLE ${t}` : `DELETE FROM ${t}`);
  await ensureNumbers(ds);
  const at = dbTime(now);
  const day = (expr: string) => shanghaiDayExpr(ds, expr);
  const { guides: G, customers: C } = size;
  const started = Date.now();
  const step = (m: string) => log(`reports corp: ${m} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

  await ds.query(
    `INSERT INTO staff (id, userid, name, role, status, is_follow_user) SELECT n, ${concat(ds, 'bench_g', 'n')}, ${concat(ds, '导购', 'n')}, 'guide', 1, 1 FROM bench_numbers WHERE n <= ?`,
    [G],
  );
  const load = async (): Promise<void> => {
    await inBlocks(C, async (offset, count) => {
      await ds.query(
        `INSERT INTO customer (id, external_userid, name) SELECT n + ?, ${concat(ds, 'wmbench', `n + ${offset}`)}, ${concat(ds, '客户', `n + ${offset}`)} FROM bench_numbers WHERE n <= ?`,
        [offset, count],
      );
      await ds.query(
        `INSERT INTO customer_follow (customer_id, staff_id, remark_mobiles, added_at)
         SELECT x.c, 1 + (x.c - 1) % ${G}, '[]', ${secondsBefore(ds, at, `(x.c * 2654435761) % ${400 * 86_400}`)}
         FROM (SELECT n + ${offset} AS c FROM bench_numbers WHERE n <= ?) x`,
        [count],
      );
    });
    step(`${C} customers and follows`);
    await inBlocks(size.orders, async (offset, count) => {
      await ds.query(
        `INSERT INTO orders (source, order_no, status, total_amount, paid_amount, refunded_amount, paid_at, source_updated_at, customer_id, staff_id)
         SELECT 'bench', ${concat(ds, 'B', 'x.j')},
           CASE WHEN x.j % 20 = 0 THEN 'refunded' WHEN x.j % 17 = 0 THEN 'partially_refunded' ELSE 'paid' END,
           x.amount, x.amount, CASE WHEN x.j % 20 = 0 THEN x.amount WHEN x.j % 17 = 0 THEN x.amount / 3 ELSE 0 END,
           x.paid_at, x.paid_at, x.c, CASE WHEN x.j % 5 = 0 THEN NULL ELSE 1 + (x.c - 1) % ${G} END
         FROM (
           SELECT n + ${offset} AS j, 1 + ((n + ${offset}) * 7727) % ${C} AS c, 5000 + ((n + ${offset}) * 31) % 50000 AS amount,
             ${secondsBefore(ds, at, `((n + ${offset}) * 2654435761) % ${365 * 86_400}`)} AS paid_at
           FROM bench_numbers WHERE n <= ?
         ) x`,
        [count],
      );
    });
    step(`${size.orders} orders`);
    await inBlocks(size.interactions, async (offset, count) => {
      await ds.query(
        `INSERT INTO interaction (customer_id, staff_id, type, occurred_at, day, source, payload)
         SELECT x.c, 1 + (x.c - 1) % ${G},
           CASE WHEN x.i % 20 < 9 THEN 'message_in' WHEN x.i % 20 < 18 THEN 'message_out' WHEN x.i % 20 = 18 THEN 'tag_added' ELSE 'script_sent' END,
           x.at, ${day('x.at')}, 'seed', '{}'
         FROM (
           SELECT n + ${offset} AS i, 1 + ((n + ${offset}) * 104729) % ${C} AS c,
             ${secondsBefore(ds, at, `((n + ${offset}) * 2654435761) % ${180 * 86_400}`)} AS at
           FROM bench_numbers WHERE n <= ?
         ) x`,
        [count],
      );
      if ((offset / BLOCK) % 5 === 4) step(`${offset + count} interactions`);
    });
    step(`${size.interactions} interactions`);
  };
  // MySQL/MariaDB: build the big tables' secondary indexes once after the load, in one sorted pass each.
  if (isMysql(ds)) await withDeferredIndexes(ds, ['customer_follow', 'orders', 'interaction'], load, () => step('rebuilding indexes'));
  else await load();
  step('indexes');
  await ds.query(`INSERT INTO setting (${key}, value) VALUES (?, ?)`, [MARKER, JSON.stringify({ ...size, now: now.toISOString() })]);
}

/** The Shanghai days [from, to] of the 30 days ending on `now`'s day, and the 30 before them. */
export function reportPeriod(now: Date, days = 30): { from: string; to: string; previousFrom: string } {
  const day = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
  return {
    to: day(now.getTime()),
    from: day(now.getTime() - (days - 1) * DAY_MS),
    previousFrom: day(now.getTime() - (2 * days - 1) * DAY_MS),
  };
}
