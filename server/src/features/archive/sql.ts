import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

function isSqlite(db: Db): boolean {
  const type = 'connection' in db ? db.connection.options.type : db.options.type;
  return type === 'better-sqlite3' || type === 'sqlite';
}

/**
 * A Date as a raw-SQL parameter: MySQL takes the Date (timezone 'Z'); SQLite stores
 * datetimes as UTC 'YYYY-MM-DD HH:MM:SS.SSS' text (TypeORM's format), so pass that.
 */
export function sqlDate(db: Db, d: Date): Date | string {
  return isSqlite(db) ? d.toISOString().replace('T', ' ').replace('Z', '') : d;
}

/** A datetime read by raw SQL (Date on MySQL, UTC text on SQLite) as a Date. */
export function readDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === 'string') return new Date(value.includes('T') || value.endsWith('Z') ? value : `${value.replace(' ', 'T')}Z`);
  throw new TypeError(`not a datetime: ${typeof value}`);
}

/** '?, ?, ?' for n parameters. */
export function marks(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** Splits rows into chunks so one statement stays under the drivers' parameter limits. */
export function chunks<T>(rows: T[], size = 400): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Set-based "UPDATE table SET col = CASE key WHEN … END WHERE key IN (…)": one
 * statement per chunk however many rows change. `onlyIfLater` keeps the old
 * value unless the new one is later (for "latest seen" timestamps).
 */
export async function caseUpdate(
  db: EntityManager,
  table: string,
  keyCol: string,
  setCol: string,
  values: Map<string | number, Date>,
  { onlyIfLater = false } = {},
): Promise<void> {
  for (const part of chunks([...values], 300)) {
    const params: unknown[] = [];
    const whens = part.map(([key, at]) => {
      const v = sqlDate(db, at);
      if (onlyIfLater) {
        params.push(key, v, v);
        return `WHEN ? THEN (CASE WHEN ${setCol} IS NULL OR ${setCol} < ? THEN ? ELSE ${setCol} END)`;
      }
      params.push(key, v);
      return 'WHEN ? THEN ?';
    });
    params.push(...part.map(([key]) => key));
    await db.query(`UPDATE ${table} SET ${setCol} = CASE ${keyCol} ${whens.join(' ')} ELSE ${setCol} END WHERE ${keyCol} IN (${marks(part.length)})`, params);
  }
}

export type SqlValue = string | number | boolean | Date | null | Record<string, unknown> | unknown[];

export interface BulkInsertOptions {
  /** Skip rows that hit a unique key (INSERT IGNORE / INSERT OR IGNORE). */
  ignore?: boolean;
  /** Upsert: on a conflict of `conflict` (a unique key), overwrite `update` columns with the new values. */
  upsert?: { conflict: string[]; update: string[] };
  /** Rows per statement (parameters stay far below both drivers' limits). */
  chunk?: number;
}

/**
 * Multi-row INSERT in plain portable SQL (snake_case columns). The hot path of the
 * archive writes thousands of rows per batch; TypeORM's QueryBuilder spends more
 * time building such statements than the database spends running them.
 * Dates become UTC datetimes (sqlDate), objects/arrays JSON, booleans 1/0.
 */
export async function bulkInsert(db: EntityManager, table: string, columns: string[], rows: SqlValue[][], options: BulkInsertOptions = {}): Promise<void> {
  if (rows.length === 0) return;
  const sqlite = isSqlite(db);
  const verb = options.ignore ? (sqlite ? 'INSERT OR IGNORE' : 'INSERT IGNORE') : 'INSERT';
  let tail = '';
  if (options.upsert) {
    const { conflict, update } = options.upsert;
    tail = sqlite
      ? ` ON CONFLICT (${conflict.join(', ')}) DO UPDATE SET ${update.map((c) => `${c} = excluded.${c}`).join(', ')}`
      : ` ON DUPLICATE KEY UPDATE ${update.map((c) => `${c} = VALUES(${c})`).join(', ')}`;
  }
  const tuple = `(${marks(columns.length)})`;
  const convert = (v: SqlValue): unknown => {
    if (v instanceof Date) return sqlDate(db, v);
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (v !== null && typeof v === 'object') return JSON.stringify(v);
    return v;
  };
  for (const part of chunks(rows, options.chunk ?? 500)) {
    const params: unknown[] = [];
    for (const row of part) for (const v of row) params.push(convert(v));
    await db.query(`${verb} INTO ${table} (${columns.join(', ')}) VALUES ${part.map(() => tuple).join(', ')}${tail}`, params);
  }
}
