import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from '@server/entities/index.ts';
import { MIGRATIONS } from '../../../migrations/index.ts';
import { SnakeNamingStrategy } from './naming.ts';
import { select } from './sql.ts';
import { serializeSqliteTransactions } from './sqlite-transactions.ts';

export type DbKind = 'mysql' | 'sqlite';

/** Which database a DATABASE_URL names; the value was validated by the env schema. */
export function dbKind(url: string): DbKind {
  return url.startsWith('sqlite:') ? 'sqlite' : 'mysql';
}

/** The MySQL pool size when neither DATABASE_POOL_SIZE nor the URL says otherwise. */
export const DEFAULT_POOL_SIZE = 20;

export interface DatabaseOptions {
  /** MySQL/MariaDB connections (DATABASE_POOL_SIZE); a `connectionLimit` URL parameter wins. */
  poolSize?: number;
}

/** DataSource options for a DATABASE_URL: MySQL/MariaDB via mysql2, or embedded SQLite via better-sqlite3. */
// eslint-disable-next-line @typescript-eslint/require-await -- the API is Promise-returning; a throw here must reject, not escape
export async function dataSourceOptions(url: string, { poolSize = DEFAULT_POOL_SIZE }: DatabaseOptions = {}): Promise<DataSourceOptions> {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: false,
  } as const;
  if (dbKind(url) === 'sqlite') {
    const path = url.slice('sqlite:'.length);
    const database = path === ':memory:' ? path : resolve(path);
    if (database !== ':memory:') mkdirSync(dirname(database), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database,
      // The app issues more distinct statements than the default 100 (IN lists of every length, optional filters).
      statementCacheSize: 1000,
      // WAL lets readers run during a write. busy_timeout waits on the event loop's thread, so it
      // stays short: waiting for another process's write lock is done asynchronously (sqlite-transactions.ts).
      prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma('busy_timeout = 100');
      },
    };
  }
  const u = new URL(url);
  return {
    ...common,
    type: 'mysql',
    host: u.hostname,
    port: u.port ? Number(u.port) : 3306,
    username: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: u.pathname.replace(/^\//, ''),
    charset: 'utf8mb4_unicode_ci',
    // Every datetime is stored and read as UTC; business days are computed in Asia/Shanghai explicitly.
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: false,
    // Requests queue for a connection first: 10 was too few for a few hundred concurrent sidebar requests.
    extra: { connectionLimit: Number(u.searchParams.get('connectionLimit') ?? poolSize) },
  };
}

export async function createDataSource(url: string, options: DatabaseOptions = {}): Promise<DataSource> {
  const ds = new DataSource(await dataSourceOptions(url, options));
  serializeSqliteTransactions(ds);
  return ds;
}

/** Initializes and applies pending migrations (the server does this at start). */
export async function openDatabase(
  url: string,
  { migrate = true, ...options }: DatabaseOptions & { migrate?: boolean } = {},
): Promise<DataSource> {
  const ds = await createDataSource(url, options);
  await ds.initialize();
  if (migrate) await ds.runMigrations({ transaction: 'each' });
  return ds;
}

/** Names of migrations not yet applied; empty when the schema is current. */
export async function pendingMigrations(ds: DataSource): Promise<string[]> {
  const rows = await select<{ name: string }>(ds, `SELECT name FROM ${ds.driver.escape('migrations')}`);
  const applied = new Set(rows.map((r) => r.name));
  return ds.migrations.map((m) => m.name ?? m.constructor.name).filter((n) => !applied.has(n));
}
