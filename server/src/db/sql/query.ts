import type { z } from 'zod';
import type { AppError } from '@server/http/errors.ts';
import type { Db } from './dialect.ts';
import { dbParam } from './values.ts';

/** Runs one statement; parameters go through dbParam so a Date or boolean binds the same on both drivers. */
async function execute(db: Db, sql: string, params: readonly unknown[] = []): Promise<unknown> {
  return db.query(sql, params.map(dbParam));
}

/**
 * The rows of a raw SELECT. The drivers return untyped rows, so this is the one place their
 * type is asserted: pass `schema` to validate each row, otherwise `Row` states what the SQL
 * selects (columns whose driver type varies are best declared `unknown` and read with
 * num/fromDbTime).
 */
export async function select<Row>(db: Db, sql: string, params?: readonly unknown[]): Promise<Row[]>;
export async function select<S extends z.ZodType>(db: Db, sql: string, params: readonly unknown[], schema: S): Promise<Array<z.output<S>>>;
export async function select(db: Db, sql: string, params: readonly unknown[] = [], schema?: z.ZodType): Promise<unknown[]> {
  const rows = await execute(db, sql, params);
  if (!Array.isArray(rows)) throw new TypeError('select() expects a statement that returns rows');
  return schema ? rows.map((r) => schema.parse(r)) : (rows as unknown[]);
}

/** The first row of a raw SELECT, or undefined. */
export async function selectOne<Row>(db: Db, sql: string, params?: readonly unknown[]): Promise<Row | undefined> {
  return (await select<Row>(db, sql, params))[0];
}

/** The first row of a raw SELECT, or the catalog's 404 for what was looked up (e.g. customerNotFound). */
export async function rowOr404<Row>(db: Db, sql: string, params: readonly unknown[], notFound: () => AppError): Promise<Row> {
  const row = await selectOne<Row>(db, sql, params);
  if (row === undefined) throw notFound();
  return row;
}
