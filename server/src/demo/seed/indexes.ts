/**
 * Bulk-load helper for MySQL/MariaDB: secondary indexes of the big tables are
 * dropped before a large load into empty tables and rebuilt afterwards in one
 * sorted pass per table, which is several times faster than maintaining them
 * row by row once they no longer fit the buffer pool. Definitions are read from
 * information_schema, so exactly what the migrations made is restored (also on
 * failure).
 */
import type { DataSource } from 'typeorm';
import { marks, select } from '@server/db/sql.ts';

interface IndexDef {
  table: string;
  name: string;
  unique: boolean;
  columns: string[];
}

/** Secondary (non-primary) indexes of the given tables in the current database. */
export async function secondaryIndexes(ds: DataSource, tables: readonly string[]): Promise<IndexDef[]> {
  const rows = await select<{ t: string; n: string; nu: number | string; c: string; s: number | string }>(
    ds,
    `SELECT TABLE_NAME AS t, INDEX_NAME AS n, NON_UNIQUE AS nu, COLUMN_NAME AS c, SEQ_IN_INDEX AS s
       FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME <> 'PRIMARY' AND TABLE_NAME IN (${marks(tables.length)})
      ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    [...tables],
  );
  const byKey = new Map<string, IndexDef>();
  for (const r of rows) {
    const key = `${r.t}.${r.n}`;
    let def = byKey.get(key);
    if (!def) {
      def = { table: r.t, name: r.n, unique: Number(r.nu) === 0, columns: [] };
      byKey.set(key, def);
    }
    def.columns.push(r.c);
  }
  return [...byKey.values()];
}

/** Drops the indexes, runs `load`, then recreates them (one ALTER per table), whatever happened in between. */
export async function withDeferredIndexes<T>(
  ds: DataSource,
  tables: readonly string[],
  load: () => Promise<T>,
  onRebuild?: () => void,
): Promise<T> {
  const defs = await secondaryIndexes(ds, tables);
  const q = (s: string): string => ds.driver.escape(s);
  const byTable = new Map<string, IndexDef[]>();
  for (const d of defs) byTable.set(d.table, [...(byTable.get(d.table) ?? []), d]);
  for (const [table, list] of byTable) {
    await ds.query(`ALTER TABLE ${q(table)} ${list.map((d) => `DROP INDEX ${q(d.name)}`).join(', ')}`);
  }
  try {
    return await load();
  } finally {
    onRebuild?.();
    // Two tables at a time (separate pool connections): each ALTER sorts on one core.
    const queue = [...byTable].sort((a, b) => b[1].length - a[1].length);
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [table, list] = next;
        await ds.query(
          `ALTER TABLE ${q(table)} ${list.map((d) => `ADD ${d.unique ? 'UNIQUE ' : ''}INDEX ${q(d.name)} (${d.columns.map(q).join(', ')})`).join(', ')}`,
        );
      }
    };
    await Promise.all([worker(), worker()]);
  }
}
