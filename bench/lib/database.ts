/**
 * The bench database: BENCH_DATABASE_URL (default mysql://root@127.0.0.1:3306/bench,
 * created if missing), or an SQLite file under tmp/ when MySQL is unreachable.
 */
import { resolve } from 'node:path';
import mysql from 'mysql2/promise';

export const DEFAULT_BENCH_URL = 'mysql://root@127.0.0.1:3306/bench';
export const SQLITE_FALLBACK = `sqlite:${resolve(import.meta.dirname, '../../tmp/bench.sqlite')}`;

export function mysqlConfig(url: string): { host: string; port: number; user: string; password: string; database: string } {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: u.pathname.replace(/^\//, ''),
  };
}

/** Resolves the URL to use, creating the MySQL database when needed; falls back to SQLite with a message. */
export async function benchDatabaseUrl(log: (m: string) => void): Promise<{ url: string; kind: 'mysql' | 'sqlite' }> {
  const url = process.env.BENCH_DATABASE_URL?.trim() || DEFAULT_BENCH_URL;
  if (url.startsWith('sqlite:')) return { url, kind: 'sqlite' };
  const { database, ...server } = mysqlConfig(url);
  if (!/^\w+$/.test(database)) throw new Error(`BENCH_DATABASE_URL: database name "${database}" must be letters, digits or _`);
  try {
    const conn = await mysql.createConnection({ ...server, connectTimeout: 3000 });
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await conn.end();
    return { url, kind: 'mysql' };
  } catch (err) {
    log(
      `MySQL at ${server.host}:${server.port} is unreachable (${err instanceof Error ? err.message : String(err)}); benchmarking on SQLite ${SQLITE_FALLBACK} instead`,
    );
    return { url: SQLITE_FALLBACK, kind: 'sqlite' };
  }
}
