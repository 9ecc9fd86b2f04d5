import type { DataSource } from 'typeorm';
import { dialect, select } from '@server/db/sql.ts';

/** Row count of every table of the schema (migrations bookkeeping excluded), by name. */
export async function tableCounts(ds: DataSource): Promise<Record<string, number>> {
  const names =
    dialect(ds) === 'mysql'
      ? (await select<{ n: string }>(ds, 'SELECT table_name AS n FROM information_schema.tables WHERE table_schema = DATABASE()')).map(
          (r) => r.n,
        )
      : (await select<{ n: string }>(ds, "SELECT name AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).map(
          (r) => r.n,
        );
  const out: Record<string, number> = {};
  for (const name of names.sort()) {
    if (name === 'migrations') continue;
    const [row] = await select<{ c: number | string }>(ds, `SELECT COUNT(*) AS c FROM ${ds.driver.escape(name)}`);
    out[name] = Number(row?.c ?? 0);
  }
  return out;
}
