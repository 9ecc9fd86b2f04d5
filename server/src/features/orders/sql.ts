import type { DataSource, EntityManager } from 'typeorm';

/** Anything raw SQL can run on: the DataSource, a transaction's manager or a QueryRunner's manager. */
export type Db = Pick<EntityManager, 'query' | 'connection'>;

/** True on MySQL/MariaDB; the few statements that differ between the databases branch on this only. */
export function isMysql(db: Db | DataSource): boolean {
  const t = ('connection' in db ? db.connection : db).options.type;
  return t === 'mysql' || t === 'mariadb';
}

/**
 * A Date as the UTC 'YYYY-MM-DD HH:MM:SS' both drivers compare and store datetimes with
 * (raw better-sqlite3 parameters cannot be Date objects). Whole seconds: MariaDB DATETIME has no fraction.
 */
export function dbTime(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

/** A datetime read by raw SQL: mysql2 gives a Date (UTC, timezone 'Z'), SQLite a 'YYYY-MM-DD HH:MM:SS[.SSS]' string. */
export function fromDbTime(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  if (typeof v === 'string') return new Date(`${v.replace(' ', 'T')}${v.endsWith('Z') ? '' : 'Z'}`);
  if (typeof v === 'number') return new Date(v);
  throw new Error(`unexpected datetime value ${String(v)}`);
}

/** A numeric aggregate: mysql2 returns SUM/DECIMAL as a string. */
export function num(v: unknown): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : Number(v);
}

/** `?, ?, ?` for an IN list. */
export function marks(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** Splits a list into chunks of at most `size`. */
export function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
