/**
 * A throw-away database for one scenario run: an SQLite file in a temp dir, or
 * a new database on a MySQL/MariaDB server (named from the server URL), both
 * removed by `drop()`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { mysqlConfig } from './database.ts';

export interface ScratchDatabase {
  kind: 'sqlite' | 'mysql';
  url: string;
  drop(): Promise<void>;
}

export function scratchSqlite(prefix: string): ScratchDatabase {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { kind: 'sqlite', url: `sqlite:${join(dir, 'bench.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh database on the server of `serverUrl` (its own database name is ignored). */
export async function scratchMysql(serverUrl: string, prefix: string): Promise<ScratchDatabase> {
  const { database: _ignored, ...server } = mysqlConfig(serverUrl);
  const name = `${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = await mysql.createConnection({ ...server, connectTimeout: 3000 });
  try {
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    kind: 'mysql',
    url: url.toString(),
    async drop() {
      const c = await mysql.createConnection(server);
      try {
        await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await c.end();
      }
    },
  };
}
