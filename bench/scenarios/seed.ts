/**
 * Bulk seed throughput: `seedDemo` of the scale's demo corp (generation + multi-row
 * INSERTs, all tables) in rows/s, next to a floor: the same number of rows of the
 * same tables and shapes inserted raw through mysql2 (multi-row INSERT, 2,000 rows a
 * statement, indexes maintained, nothing generated). Leaves the demo corp loaded and
 * marked, so later scenarios reuse it.
 */
import mysql from 'mysql2/promise';
import { demoCustomer, demoInteractionsOf, demoOrdersOf, resetDemoTables, seedDemo } from '@server/demo/index.ts';
import { markDemo } from '../lib/context.ts';
import { mysqlConfig } from '../lib/database.ts';
import type { BenchContext, BenchRow, BenchScenario } from '../types.ts';

/** The floor inserts at most this many rows (split over the tables in the seed's proportions). */
const FLOOR_MAX_ROWS = 1_500_000;
const FLOOR_ROWS_PER_STATEMENT = 2000;

type Row = Record<string, unknown>;

/** Raw mysql2 multi-row INSERT rate (rows/s) for `counts` rows per table, into scratch copies of the tables. */
async function rawInsertFloor(ctx: BenchContext, counts: Record<string, number>): Promise<{ rate: number; rows: number }> {
  const conn = await mysql.createConnection({
    ...mysqlConfig(ctx.databaseUrl),
    timezone: 'Z',
    supportBigNumbers: true,
    charset: 'utf8mb4_unicode_ci',
  });
  const total = Object.values(counts).reduce((s, n) => s + n, 0);
  const factor = Math.min(1, FLOOR_MAX_ROWS / Math.max(1, total));
  let rows = 0;
  let ms = 0;
  try {
    for (const [table, n0] of Object.entries(counts)) {
      const n = Math.max(1, Math.round(n0 * factor));
      const scratch = `bench_floor_${table}`;
      await conn.query(`DROP TABLE IF EXISTS \`${scratch}\``);
      await conn.query(`CREATE TABLE \`${scratch}\` LIKE \`${table}\``);
      const [templates] = (await conn.query(`SELECT * FROM \`${table}\` LIMIT 1000`)) as unknown as [Row[]];
      if (templates.length === 0) continue;
      const [keyRows] = (await conn.query(
        `SELECT DISTINCT COLUMN_NAME AS c FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND NON_UNIQUE = 0`,
        [table],
      )) as unknown as [Array<{ c: string }>];
      const unique = new Set(keyRows.map((r) => r.c));
      const columns = Object.keys(templates[0] ?? {});
      // Values made unique where a key demands it, otherwise copied from real rows.
      const valueOf = (t: Row, c: string, i: number): unknown => {
        if (!unique.has(c)) return t[c];
        const v = t[c];
        return typeof v === 'string' ? `${i}~${v}`.slice(0, 60) : i + 1;
      };
      const sql = `INSERT INTO \`${scratch}\` (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ?`;
      const started = Date.now();
      await conn.beginTransaction();
      for (let i = 0; i < n; i += FLOOR_ROWS_PER_STATEMENT) {
        const batch: unknown[][] = [];
        for (let k = i; k < Math.min(n, i + FLOOR_ROWS_PER_STATEMENT); k++) {
          const t = templates[k % templates.length] ?? {};
          batch.push(columns.map((c) => valueOf(t, c, k)));
        }
        await conn.query(sql, [batch]);
        if ((i / FLOOR_ROWS_PER_STATEMENT) % 10 === 9) {
          await conn.commit();
          await conn.beginTransaction();
        }
      }
      await conn.commit();
      ms += Date.now() - started;
      rows += n;
      await conn.query(`DROP TABLE \`${scratch}\``);
    }
  } finally {
    await conn.end();
  }
  return { rate: rows / Math.max(0.001, ms / 1000), rows };
}

export const scenario: BenchScenario = {
  name: 'seed',
  description: 'bulk demo seed throughput (rows/s) vs raw mysql2 multi-row INSERT of the same rows',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const o = ctx.demo;
    // Generator alone (no database) on a slice, to show how much of the seed time is generation.
    const sample = Math.min(o.customers, 20_000);
    const g0 = performance.now();
    for (let i = 0; i < sample; i++) {
      const c = demoCustomer(o, i);
      demoOrdersOf(o, c);
      demoInteractionsOf(o, c);
    }
    const genRate = sample / ((performance.now() - g0) / 1000);

    const ds = await ctx.openDataSource();
    let rowsTotal = 0;
    let seconds = 0;
    let rebuild = 0;
    let counts: Record<string, number> = {};
    try {
      await markDemo(ds, null);
      await resetDemoTables(ds);
      ctx.log(`seeding ${o.customers} customers…`);
      const result = await seedDemo(ds, o, {
        onProgress: (p) => {
          if (p.stage === 'customers' && p.done % Math.max(1, Math.floor(o.customers / 10)) < 500)
            ctx.log(`  ${p.done}/${p.total} customers, ${p.rows} rows`);
        },
      });
      await markDemo(ds, o);
      counts = result.rows;
      rowsTotal = Object.values(result.rows).reduce((s, n) => s + n, 0);
      seconds = result.ms / 1000;
      rebuild = (result.timings['rebuild-indexes'] ?? 0) / 1000;
    } finally {
      await ds.destroy();
    }
    const rate = rowsTotal / seconds;
    let floor: { rate: number; rows: number } | null = null;
    if (ctx.kind === 'mysql') {
      ctx.log('measuring the raw mysql2 INSERT floor…');
      floor = await rawInsertFloor(ctx, counts);
    }
    const floorLabel = floor
      ? `raw mysql2 multi-row INSERT, same tables/rows, indexes kept${floor.rows < rowsTotal ? ` (${floor.rows.toLocaleString('en-US')}-row sample)` : ''}`
      : 'raw floor is measured on MySQL only';
    const rows: BenchRow[] = [
      {
        metric: `seed ${o.customers.toLocaleString('en-US')} customers: rows written/s (${rowsTotal.toLocaleString('en-US')} rows)`,
        value: Math.round(rate),
        unit: 'rows/s',
        floor: floor ? Math.round(floor.rate) : null,
        floorLabel,
      },
      {
        metric: `seed ${o.customers.toLocaleString('en-US')} customers: wall time`,
        value: Math.round(seconds * 10) / 10,
        unit: 's',
        floor: floor ? Math.round((rowsTotal / floor.rate) * 10) / 10 : null,
        floorLabel: floor ? 'the same rows at the raw INSERT rate' : floorLabel,
        better: 'lower',
      },
      {
        metric: 'generator alone (customer + orders + interactions)',
        value: Math.round(genRate),
        unit: 'customers/s',
        floor: Math.round(rate > 0 ? rowsTotal / seconds / (rowsTotal / o.customers) : 0),
        floorLabel: 'customers/s the seed achieved end to end',
        better: 'higher',
      },
    ];
    if (rebuild > 0)
      rows.push({
        metric: 'of which: secondary index rebuild after the load',
        value: Math.round(rebuild * 10) / 10,
        unit: 's',
        floor: Math.round(seconds * 10) / 10,
        floorLabel: 'whole seed wall time',
        better: 'lower',
      });
    return rows;
  },
};
