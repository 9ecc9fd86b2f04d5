/**
 * Bulk loading through a TypeORM QueryRunner: rows buffered per table and written as
 * multi-row INSERTs sized to stay under SQLite's placeholder limit and a few hundred KB
 * per statement.
 */
import type { DataSource, QueryRunner } from 'typeorm';
import { bulkInsert, rowsPerStatement, selectOne, type SqlValue } from '@server/db/sql.ts';

const MAX_PARAMS = 30_000;

/** Rows for one table, flushed as multi-row INSERTs. */
export class RowBuffer {
  readonly rows: SqlValue[][] = [];
  private readonly rowsPerStatement: number;

  constructor(
    readonly table: string,
    readonly columns: readonly string[],
    maxRows = 2000,
  ) {
    this.rowsPerStatement = rowsPerStatement(columns.length, MAX_PARAMS, maxRows);
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
    await bulkInsert(qr, this.table, this.columns, this.rows, { chunk: this.rowsPerStatement });
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
  const row = await selectOne<{ m: number | string | null }>(ds, `SELECT MAX(id) AS m FROM ${ds.driver.escape(table)}`);
  return Number(row?.m ?? 0) + 1;
}

/** Number of rows of a table (optionally filtered by a fixed, trusted WHERE). */
export async function countRows(ds: DataSource, table: string, where = ''): Promise<number> {
  const row = await selectOne<{ n: number | string }>(
    ds,
    `SELECT COUNT(*) AS n FROM ${ds.driver.escape(table)}${where ? ` WHERE ${where}` : ''}`,
  );
  return Number(row?.n ?? 0);
}
