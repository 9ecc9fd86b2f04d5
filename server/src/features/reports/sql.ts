import type { DataSource } from 'typeorm';

/** True for the embedded SQLite; SQL that differs between the two databases branches on this only. */
export function isSqlite(ds: DataSource): boolean {
  return ds.options.type === 'better-sqlite3' || ds.options.type === 'sqlite';
}

/** SQL expression for the Asia/Shanghai 'YYYY-MM-DD' of a UTC datetime column. */
export function shanghaiDayExpr(ds: DataSource, column: string): string {
  return isSqlite(ds)
    ? `strftime('%Y-%m-%d', ${column}, '+8 hours')`
    : `DATE_FORMAT(DATE_ADD(${column}, INTERVAL 8 HOUR), '%Y-%m-%d')`;
}

/**
 * A Date as the UTC 'YYYY-MM-DD HH:MM:SS[.SSS]' string both drivers compare datetimes with.
 * Whole seconds drop the '.000' so that, in SQLite's text comparison, a bound compares right
 * against rows stored either with milliseconds (TypeORM) or without (raw SQL).
 */
export function sqlTime(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '').replace(/\.000$/, '');
}

/** `?, ?, ?` for an IN list. */
export function marks(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}
