import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from '@server/entities/index.ts';
import { MIGRATIONS } from '../../../migrations/index.ts';
import { SnakeNamingStrategy } from './naming.ts';
import { select } from './sql.ts';

export type DbKind = 'mysql' | 'sqlite';

/** Which database a DATABASE_URL names; the value was validated by the env schema. */
export function dbKind(url: string): DbKind {
  return url.startsWith('sqlite:') ? 'sqlite' : 'mysql';
}

/** DataSource options for a DATABASE_URL: MySQL/MariaDB via mysql2, or embedded SQLite via better-sqlite3. */
export async function dataSourceOptions(url: string): Promise<DataSourceOptions> {
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
      // WAL lets readers run during a write; busy_timeout rides out short write contention.
      prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma('busy_timeout = 5000');
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
    extra: { connectionLimit: Number(u.searchParams.get('connectionLimit') ?? 10) },
  };
}

export async function createDataSource(url: string): Promise<DataSource> {
  return new DataSource(await dataSourceOptions(url));
}

/** Initializes and applies pending migrations (the server does this at start). */
export async function openDatabase(url: string, { migrate = true } = {}): Promise<DataSource> {
  const ds = await createDataSource(url);
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
