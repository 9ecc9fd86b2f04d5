import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createDataSource, pendingMigrations } from '@server/db/data-source.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

async function tableNames(ds: DataSource): Promise<string[]> {
  const sql =
    ds.options.type === 'mysql'
      ? 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()'
      : "SELECT name FROM sqlite_master WHERE type = 'table'";
  const rows: Array<{ name: string }> = await ds.query(sql);
  return rows
    .map((r) => r.name)
    .filter((n) => n !== 'migrations' && !n.startsWith('sqlite_'))
    .sort();
}

describe('migrations', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url);
    await ds.initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('apply every migration up, then undo each one down to an empty schema, then up again', async () => {
    await ds.runMigrations({ transaction: 'each' });
    expect(await pendingMigrations(ds)).toEqual([]);
    const tables = await tableNames(ds);
    for (const t of ['customer', 'customer_follow', 'interaction', 'orders', 'order_item', 'script', 'staff', 'sync_run']) {
      expect(tables).toContain(t);
    }
    for (let i = 0; i < ds.migrations.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    expect(await tableNames(ds)).toEqual([]);
    expect((await pendingMigrations(ds)).length).toBe(ds.migrations.length);
    await ds.runMigrations({ transaction: 'each' });
    expect(await pendingMigrations(ds)).toEqual([]);
  });

  it('stores Chinese text and emoji unchanged', async () => {
    await ds.query(`INSERT INTO customer (external_userid, name, total_spent) VALUES ('wmX', '小红🌸', 0)`);
    const rows: Array<{ name: string }> = await ds.query(`SELECT name FROM customer WHERE external_userid = 'wmX'`);
    expect(rows[0]?.name).toBe('小红🌸');
  });
});
