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
