import type { Db } from './dialect.ts';
import { chunks, marks } from './lists.ts';
import { dbParam } from './values.ts';

export interface CaseUpdate {
  table: string;
  /** The column that picks the row (usually the id). */
  key: string;
  /** Columns set per row. */
  columns: readonly string[];
  /** One entry per row: the key, then a value for each of `columns`. */
  rows: ReadonlyArray<readonly unknown[]>;
  /** Rows per statement (each row binds 2 parameters per column plus one for the IN list). */
  chunk: number;
  /** Assignments shared by every row, e.g. `updated_at = ?`. */
  also?: { sql: string; params: readonly unknown[] };
  /** An extra condition on the rows, e.g. `customer_id IS NULL`. */
  where?: string;
  /** Keep a column's value unless the new one is later (for "latest seen" timestamps). */
  onlyIfLater?: boolean;
}

/**
 * Set-based "UPDATE t SET col = CASE key WHEN ? THEN ? … ELSE col END … WHERE key IN (…)":
 * one statement per chunk however many rows change, each with its own values.
 */
export async function caseUpdate(db: Db, u: CaseUpdate): Promise<void> {
  for (const part of chunks(u.rows, u.chunk)) {
    const params: unknown[] = [];
    const sets = u.columns.map((col, c) => {
      const whens = part.map((row) => {
        const v = dbParam(row[c + 1]);
        if (u.onlyIfLater) {
          params.push(row[0], v, v);
          return `WHEN ? THEN (CASE WHEN ${col} IS NULL OR ${col} < ? THEN ? ELSE ${col} END)`;
        }
        params.push(row[0], v);
        return 'WHEN ? THEN ?';
      });
      return `${col} = CASE ${u.key} ${whens.join(' ')} ELSE ${col} END`;
    });
    if (u.also) {
      sets.push(u.also.sql);
      params.push(...u.also.params.map(dbParam));
    }
    params.push(...part.map((row) => row[0]));
    await db.query(
      `UPDATE ${u.table} SET ${sets.join(', ')} WHERE ${u.key} IN (${marks(part.length)})${u.where ? ` AND ${u.where}` : ''}`,
      params,
    );
  }
}
