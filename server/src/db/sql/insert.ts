import { dataSourceOf, dialect, type Db } from './dialect.ts';
import { chunks, MAX_PARAMS, marks, rowsPerStatement } from './lists.ts';
import { dbValue } from './values.ts';

export type SqlValue = string | number | boolean | Date | null | Record<string, unknown> | unknown[];

export interface InsertOptions {
  /** Skip rows that hit a unique key (INSERT IGNORE / INSERT OR IGNORE). */
  ignore?: boolean;
  /** Upsert: on a conflict of `conflict` (a unique key), overwrite the `update` columns with the new values. */
  upsert?: { conflict: readonly string[]; update: readonly string[] };
  /** Rows per statement (capped by the database's placeholder limit). */
  chunk?: number;
}

/**
 * `INSERT … VALUES (…), (…)` for `rowCount` rows, in the dialect of `db`: INSERT IGNORE /
 * INSERT OR IGNORE, ON DUPLICATE KEY UPDATE (MySQL) / ON CONFLICT … DO UPDATE (SQLite).
 */
export function insertSql(
  db: Db,
  table: string,
  columns: readonly string[],
  rowCount: number,
  options: Omit<InsertOptions, 'chunk'> = {},
): string {
  const sqlite = dialect(db) === 'sqlite';
  const esc = (name: string) => dataSourceOf(db).driver.escape(name);
  const verb = options.ignore ? (sqlite ? 'INSERT OR IGNORE' : 'INSERT IGNORE') : 'INSERT';
  let tail = '';
  if (options.upsert) {
    const { conflict, update } = options.upsert;
    tail = sqlite
      ? ` ON CONFLICT (${conflict.map(esc).join(', ')}) DO UPDATE SET ${update.map((c) => `${esc(c)} = excluded.${esc(c)}`).join(', ')}`
      : ` ON DUPLICATE KEY UPDATE ${update.map((c) => `${esc(c)} = VALUES(${esc(c)})`).join(', ')}`;
  }
  const tuple = `(${marks(columns.length)})`;
  return `${verb} INTO ${esc(table)} (${columns.map(esc).join(', ')}) VALUES ${new Array<string>(rowCount).fill(tuple).join(', ')}${tail}`;
}

/**
 * Multi-row INSERT of positional rows (values in `columns` order), one statement per chunk.
 * Hot paths write thousands of rows per batch; TypeORM's QueryBuilder spends more time
 * building such statements than the database spends running them. Values go through dbValue
 * (Dates as dbTime, booleans 1/0, objects and arrays JSON).
 */
export async function bulkInsert(
  db: Db,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
  options: InsertOptions = {},
): Promise<void> {
  if (rows.length === 0) return;
  const size = Math.min(options.chunk ?? 500, rowsPerStatement(columns.length, MAX_PARAMS[dialect(db)]));
  for (const part of chunks(rows, size)) {
    const params: unknown[] = [];
    for (const row of part) for (const v of row) params.push(dbValue(v));
    await db.query(insertSql(db, table, columns, part.length, options), params);
  }
}
