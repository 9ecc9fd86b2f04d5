import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { DbKind } from '../data-source.ts';

/** Anything raw SQL runs on: the DataSource, a transaction's EntityManager, or a QueryRunner. */
export type Db = DataSource | EntityManager | QueryRunner;

export function dataSourceOf(db: Db): DataSource {
  return 'connection' in db ? db.connection : db;
}

/** Which of the two databases `db` talks to; the few statements that differ branch on this only. */
export function dialect(db: Db): DbKind {
  const t = dataSourceOf(db).options.type;
  return t === 'better-sqlite3' || t === 'sqlite' ? 'sqlite' : 'mysql';
}

export function isMysql(db: Db): boolean {
  return dialect(db) === 'mysql';
}

export function isSqlite(db: Db): boolean {
  return dialect(db) === 'sqlite';
}

/** SQL expression for the Asia/Shanghai 'YYYY-MM-DD' of a UTC datetime column. */
export function shanghaiDayExpr(db: Db, column: string): string {
  return isSqlite(db) ? `strftime('%Y-%m-%d', ${column}, '+8 hours')` : `DATE_FORMAT(DATE_ADD(${column}, INTERVAL 8 HOUR), '%Y-%m-%d')`;
}

/**
 * SQL expression for the Asia/Shanghai day of a UTC datetime column as a whole day number, for day
 * arithmetic in SQL (`+ 7`); `dayOfNumber` turns it back into 'YYYY-MM-DD'. The numbering differs by
 * dialect (MySQL's TO_DAYS, SQLite's Julian day), so only compare numbers of the same database.
 */
export function shanghaiDayNumberExpr(db: Db, column: string): string {
  return isSqlite(db) ? `CAST(julianday(${column}, '+8 hours') + 0.5 AS INTEGER)` : `TO_DAYS(DATE_ADD(${column}, INTERVAL 8 HOUR))`;
}

/** The day number (as `shanghaiDayNumberExpr` gives it) of 1970-01-01. */
const dayNumberEpoch = (db: Db): number => (isSqlite(db) ? 2_440_588 : 719_528);

export function dayNumberOf(db: Db, day: string): number {
  return dayNumberEpoch(db) + Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
}

export function dayOfNumber(db: Db, n: number): string {
  return new Date((n - dayNumberEpoch(db)) * 86_400_000).toISOString().slice(0, 10);
}
