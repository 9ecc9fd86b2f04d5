/**
 * Portable multi-row INSERT for bulk loading through a TypeORM QueryRunner:
 * one `INSERT … VALUES (…),(…)` per batch with positional parameters, sized to
 * stay under SQLite's 32 766 placeholders and a few hundred KB per statement.
 * Values must already be driver-neutral (see `sqlDate`, `sqlBool`, `sqlJson`).
 */
import type { DataSource, QueryRunner } from 'typeorm';

export type DbKind = 'mysql' | 'sqlite';
export type SqlValue = string | number | null;

export function kindOf(ds: DataSource): DbKind {
  const t = ds.options.type;
  return t === 'better-sqlite3' || t === 'sqlite' ? 'sqlite' : 'mysql';
}

/** A UTC datetime literal in the format TypeORM itself writes (no fraction on MySQL's DATETIME(0)). */
export function sqlDate(kind: DbKind, d: Date | number | null): string | null {
  if (d === null) return null;
  const iso = new Date(typeof d === 'number' ? d : d.getTime()).toISOString();
  return kind === 'sqlite' ? `${iso.slice(0, 10)} ${iso.slice(11, 23)}` : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

export const sqlBool = (b: boolean): number => (b ? 1 : 0);
export const sqlJson = (v: unknown): string => JSON.stringify(v);

const MAX_PARAMS = 30_000;

/** Rows for one table, flushed as multi-row INSERTs. */
export class RowBuffer {
  readonly rows: SqlValue[][] = [];
  private readonly rowsPerStatement: number;
  private readonly head: string;
  private readonly tuple: string;

  constructor(ds: DataSource, readonly table: string, readonly columns: readonly string[], maxRows = 2000) {
    this.rowsPerStatement = Math.max(1, Math.min(maxRows, Math.floor(MAX_PARAMS / columns.length)));
    this.head = `INSERT INTO ${ds.driver.escape(table)} (${columns.map((c) => ds.driver.escape(c)).join(', ')}) VALUES `;
    this.tuple = `(${columns.map(() => '?').join(', ')})`;
  }

  add(row: SqlValue[]): void {
    this.rows.push(row);
  }

  get size(): number {
    return this.rows.length;
  }

  /** Inserts every buffered row (in statements of ≤ rowsPerStatement rows) and empties the buffer. Returns the row count. */
  async flush(qr: QueryRunner): Promise<number> {
    const n = this.rows.length;
    for (let i = 0; i < n; i += this.rowsPerStatement) {
      const part = this.rows.slice(i, i + this.rowsPerStatement);
      const params: SqlValue[] = [];
      for (const r of part) for (const v of r) params.push(v);
      await qr.query(this.head + new Array<string>(part.length).fill(this.tuple).join(','), params);
    }
    this.rows.length = 0;
    return n;
  }
}

/** Runs `fn` in one transaction on its own connection. */
export async function inTransaction<T>(ds: DataSource, fn: (qr: QueryRunner) => Promise<T>): Promise<T> {
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    await qr.startTransaction();
    const out = await fn(qr);
    await qr.commitTransaction();
    return out;
  } catch (err) {
    if (qr.isTransactionActive) await qr.rollbackTransaction();
    throw err;
  } finally {
    await qr.release();
  }
}

/** Next free id of a table with an integer `id` (explicit ids let children reference parents without a round trip). */
export async function nextId(ds: DataSource, table: string): Promise<number> {
  const rows: Array<{ m: number | string | null }> = await ds.query(`SELECT MAX(id) AS m FROM ${ds.driver.escape(table)}`);
  return Number(rows[0]?.m ?? 0) + 1;
}

/** Number of rows of a table (optionally filtered by a fixed, trusted WHERE). */
export async function countRows(ds: DataSource, table: string, where = ''): Promise<number> {
  const rows: Array<{ n: number | string }> = await ds.query(`SELECT COUNT(*) AS n FROM ${ds.driver.escape(table)}${where ? ` WHERE ${where}` : ''}`);
  return Number(rows[0]?.n ?? 0);
}
