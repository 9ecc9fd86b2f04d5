/**
 * The medium/large bench corps on MySQL/MariaDB, set-based: the demo generator seeds a template
 * corp (all guides, groups, tags, scripts and rules of the scale, the first TEMPLATE_CUSTOMERS
 * customers with their follows, tags, orders and timeline), then every customer-owned table is
 * copied onto itself with `INSERT … SELECT … JOIN seq_1_to_N` (MariaDB's sequence engine) until the
 * scale's customer count is reached. Copy k shifts every id and foreign key by k × the template's
 * largest id and suffixes the keys that must stay unique (external_userid, order_no, dedupe_key),
 * so each copy is a distinct customer with the same shape of history. Secondary indexes are dropped
 * during the copy and rebuilt in one sorted pass per table.
 *
 * Seeding 1M customers row by row through the generator took over an hour; this takes minutes.
 */
import type { DataSource } from 'typeorm';
import { seedDemo, type DemoOptions } from '@server/demo/index.ts';
import { withDeferredIndexes } from '@server/demo/seed/indexes.ts';
import { num, select, selectOne } from '@server/db/sql.ts';

/** Customers the generator writes itself; the rest are copies of them. */
export const TEMPLATE_CUSTOMERS = 20_000;

/** The customer-owned tables, parents first, and which id space each integer key column lives in. */
const COPIED: Array<{ table: string; keys: Record<string, string> }> = [
  { table: 'customer', keys: { id: 'customer' } },
  { table: 'customer_follow', keys: { id: 'customer_follow', customer_id: 'customer' } },
  { table: 'customer_tag', keys: { follow_id: 'customer_follow', customer_id: 'customer' } },
  { table: 'orders', keys: { id: 'orders', customer_id: 'customer' } },
  { table: 'order_item', keys: { id: 'order_item', order_id: 'orders' } },
  { table: 'interaction', keys: { id: 'interaction', customer_id: 'customer' } },
];

/** String columns made unique per copy (a unique key, or the key another table joins on). */
const SUFFIXED = new Set(['external_userid', 'order_no', 'dedupe_key', 'unionid']);

/** Whether set-based seeding applies: MariaDB (sequence engine) and more customers than the template. */
export async function canReplicate(ds: DataSource, o: DemoOptions): Promise<boolean> {
  if (o.customers <= TEMPLATE_CUSTOMERS || ds.options.type !== 'mysql') return false;
  try {
    await ds.query('SELECT seq FROM seq_1_to_2');
    return true;
  } catch {
    return false; // MySQL proper has no sequence engine: the generator seeds everything
  }
}

/** Seeds `o` (tables already empty) as a template corp plus copies; returns rows per copied table. */
export async function seedByReplication(ds: DataSource, o: DemoOptions, log: (m: string) => void): Promise<Record<string, number>> {
  const copies = Math.ceil(o.customers / TEMPLATE_CUSTOMERS) - 1;
  const t0 = Date.now();
  await seedDemo(ds, { ...o, customers: TEMPLATE_CUSTOMERS }, { deferIndexes: false });
  log(`template corp (${TEMPLATE_CUSTOMERS} customers) seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${copies} copies to go`);
  const span: Record<string, number> = {};
  for (const { table } of COPIED) {
    const row = await selectOne<{ m: unknown }>(ds, `SELECT MAX(${table === 'customer_tag' ? 'follow_id' : 'id'}) AS m FROM ${table}`);
    span[table] = num(row?.m);
  }
  // The last copy may be partial, so the total is exactly o.customers.
  const lastCustomers = o.customers - copies * TEMPLATE_CUSTOMERS;
  const conn = ds.createQueryRunner();
  await conn.connect();
  try {
    await conn.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
    // The template, copied aside first: INSERT … SELECT from the table being written would buffer it all.
    for (const { table } of COPIED) await conn.query(`CREATE TEMPORARY TABLE \`tpl_${table}\` AS SELECT * FROM \`${table}\``);
    await withDeferredIndexes(
      ds,
      COPIED.map((c) => c.table),
      async () => {
        for (const { table, keys } of COPIED) {
          const started = Date.now();
          const columns = await select<{ c: string; t: string }>(
            ds,
            `SELECT COLUMN_NAME AS c, DATA_TYPE AS t FROM information_schema.COLUMNS
              WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
            [table],
          );
          const expr = (c: string): string => {
            const space = keys[c];
            if (space) return `t.\`${c}\` + s.seq * ${span[space] ?? 0}`;
            if (SUFFIXED.has(c)) return `CONCAT(t.\`${c}\`, '~', s.seq)`;
            return `t.\`${c}\``;
          };
          // Rows of the partial last copy: those of the first lastCustomers template customers.
          const owner = table === 'customer' ? 't.id' : table === 'order_item' ? null : 't.customer_id';
          const list = columns.map((c) => `\`${c.c}\``).join(', ');
          // Copy-major order (the sequence drives the join), so every copy appends to the primary key.
          const select1 = (from: number, to: number, partial: boolean): string =>
            `INSERT INTO \`${table}\` (${list})
             SELECT ${columns.map((c) => expr(c.c)).join(', ')}
               FROM seq_${from}_to_${to} s STRAIGHT_JOIN \`tpl_${table}\` t
              ${partial && owner ? `WHERE ${owner} <= ${lastCustomers}` : ''}
              ${partial && !owner ? `WHERE t.order_id IN (SELECT id FROM tpl_orders WHERE customer_id <= ${lastCustomers})` : ''}`;
          // A few copies per statement: big enough to be set-based, small enough for the undo log.
          const full = lastCustomers === TEMPLATE_CUSTOMERS ? copies : copies - 1;
          for (let k = 1; k <= full; k += 8) {
            await conn.startTransaction();
            await conn.query(select1(k, Math.min(full, k + 7), false));
            await conn.commitTransaction();
          }
          if (full < copies) {
            await conn.startTransaction();
            await conn.query(select1(copies, copies, true));
            await conn.commitTransaction();
          }
          log(`  ${table}: copied in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        }
      },
      () => log('rebuilding the secondary indexes…'),
    );
    await conn.query('SET SESSION unique_checks = 1, foreign_key_checks = 1');
    for (const { table } of COPIED) await conn.query(`DROP TEMPORARY TABLE \`tpl_${table}\``);
  } finally {
    await conn.release();
  }
  for (const { table } of COPIED) await ds.query(`ANALYZE TABLE \`${table}\``);
  const rows: Record<string, number> = {};
  for (const { table } of COPIED) rows[table] = num((await selectOne<{ n: unknown }>(ds, `SELECT COUNT(*) AS n FROM ${table}`))?.n);
  return rows;
}
