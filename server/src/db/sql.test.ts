import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { openDatabase } from '@server/db/data-source.ts';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-db.ts';
import { customerNotFound } from '@server/http/error-catalog.ts';
import {
  bulkInsert,
  caseUpdate,
  chunks,
  cursorCodec,
  dbTime,
  dbTimeKey,
  dialect,
  fromDbTime,
  marks,
  MAX_PARAMS,
  num,
  rowOr404,
  rowsPerStatement,
  select,
  selectOne,
} from './sql.ts';

const at = (iso: string) => new Date(iso);
const ids = (rows: Array<{ id: unknown }>) => rows.map((r) => num(r.id));

describe('sql toolkit', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.url);
    await ds.query(`CREATE TABLE probe (
      id INTEGER NOT NULL PRIMARY KEY, k VARCHAR(32) NOT NULL, at DATETIME NULL, n INTEGER NOT NULL DEFAULT 0, doc TEXT NULL,
      UNIQUE (k))`);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const reset = () => ds.query('DELETE FROM probe');

  it('formats a Date the same for both databases: UTC, a fraction only when there is one', () => {
    expect(dbTime(at('2026-11-01T16:00:00Z'))).toBe('2026-11-01 16:00:00');
    expect(dbTime(at('2026-11-01T16:00:00.250Z'))).toBe('2026-11-01 16:00:00.250');
    expect(dbTime(Date.UTC(2026, 0, 2, 3, 4, 5))).toBe('2026-01-02 03:04:05');
    expect(dbTime(null)).toBeNull();
    expect(fromDbTime('2026-11-01 16:00:00')?.toISOString()).toBe('2026-11-01T16:00:00.000Z');
    expect(fromDbTime('2026-11-01 16:00:00.250')?.toISOString()).toBe('2026-11-01T16:00:00.250Z');
    expect(fromDbTime(null)).toBeNull();
    expect(fromDbTime('not a time')).toBeNull();
  });

  it('round-trips datetimes through a table and reads them back as the same instants', async () => {
    await reset();
    const times = [at('2026-01-01T00:00:00Z'), at('2026-06-30T23:59:59Z'), at('2026-11-01T16:00:00Z')];
    await bulkInsert(ds, 'probe', ['id', 'k', 'at'], [...times.map((t, i) => [i + 1, `t${i}`, t]), [9, 'none', null]]);
    const rows = await select<{ id: unknown; at: unknown }>(ds, 'SELECT id, at FROM probe ORDER BY id');
    expect(rows.map((r) => fromDbTime(r.at)?.getTime() ?? null)).toEqual([...times.map((t) => t.getTime()), null]);
    // DATETIME keeps whole seconds on MySQL/MariaDB; SQLite keeps the text as written.
    await bulkInsert(ds, 'probe', ['id', 'k', 'at'], [[10, 'ms', at('2026-03-03T03:03:03.400Z')]]);
    const ms = await selectOne<{ at: unknown }>(ds, 'SELECT at FROM probe WHERE id = 10');
    expect(Math.abs((fromDbTime(ms?.at)?.getTime() ?? 0) - at('2026-03-03T03:03:03.400Z').getTime())).toBeLessThan(1000);
  });

  it('orders and compares stored datetimes against bound Date parameters', async () => {
    await reset();
    const t = (s: string) => at(`2026-11-01T${s}Z`);
    await bulkInsert(
      ds,
      'probe',
      ['id', 'k', 'at'],
      [
        [1, 'a', t('15:59:59')],
        [2, 'b', t('16:00:00')],
        [3, 'c', t('16:00:00.500')],
        [4, 'd', t('16:00:01')],
        [5, 'e', t('23:00:00')],
      ],
    );
    expect(ids(await select(ds, 'SELECT id FROM probe ORDER BY at DESC, id DESC'))).toEqual([5, 4, 3, 2, 1]);
    const range = (from: Date, to: Date) =>
      select<{ id: unknown }>(ds, 'SELECT id FROM probe WHERE at >= ? AND at < ? ORDER BY id', [from, to]);
    expect(ids(await range(t('16:00:00'), t('16:00:01')))).toEqual([2, 3]);
    expect(ids(await range(t('00:00:00'), t('16:00:00')))).toEqual([1]);
    expect(ids(await select(ds, 'SELECT id FROM probe WHERE at > ? ORDER BY id', [t('16:00:01')]))).toEqual([5]);
    expect(ids(await select(ds, 'SELECT id FROM probe WHERE at <= ? ORDER BY id', [t('16:00:00.500')]))).toEqual([1, 2, 3]);
    // MySQL/MariaDB DATETIME dropped row 3's milliseconds, so it equals the whole second there.
    expect(ids(await select(ds, 'SELECT id FROM probe WHERE at = ? ORDER BY id', [t('16:00:00')]))).toEqual(
      dialect(ds) === 'sqlite' ? [2] : [2, 3],
    );
  });

  it('puts a Shanghai-midnight row on the right side of a day boundary however it was written', async () => {
    await reset();
    const midnight = at('2026-11-01T16:00:00Z');
    // By hand and by column defaults: no fraction.
    await ds.query("INSERT INTO probe (id, k, at) VALUES (1, 'hand', '2026-11-01 16:00:00')");
    // By TypeORM's own parameter formatting ('.000' on SQLite).
    await ds.createQueryBuilder().insert().into('probe', ['id', 'k', 'at']).values({ id: 2, k: 'orm', at: midnight }).execute();
    await bulkInsert(ds, 'probe', ['id', 'k', 'at'], [[3, 'raw', midnight]]);
    const day = (from: Date) =>
      select<{ id: unknown }>(ds, 'SELECT id FROM probe WHERE at >= ? AND at < ? ORDER BY id', [
        from,
        new Date(from.getTime() + 86_400_000),
      ]);
    expect(ids(await day(midnight))).toEqual([1, 2, 3]);
    expect(ids(await day(new Date(midnight.getTime() - 86_400_000)))).toEqual([]);
  });

  it('pages a keyset over rows written in either datetime form without gaps or repeats', async () => {
    await reset();
    await ds.query("INSERT INTO probe (id, k, at) VALUES (1, 'hand', '2026-11-01 16:00:00')");
    await ds
      .createQueryBuilder()
      .insert()
      .into('probe', ['id', 'k', 'at'])
      .values({ id: 2, k: 'orm', at: at('2026-11-01T16:00:00Z') })
      .execute();
    await bulkInsert(ds, 'probe', ['id', 'k', 'at'], [[3, 'raw', at('2026-11-01T15:00:00Z')]]);
    const seen: number[] = [];
    let after: [string, number] | null = null;
    for (let page = 0; page < 5; page++) {
      const rows: Array<{ id: unknown; at: unknown }> = await select<{ id: unknown; at: unknown }>(
        ds,
        `SELECT id, at FROM probe ${after ? 'WHERE at < ? OR (at = ? AND id < ?)' : ''} ORDER BY at DESC, id DESC LIMIT 1`,
        after ? [after[0], after[0], after[1]] : [],
      );
      const row = rows[0];
      if (!row) break;
      seen.push(num(row.id));
      after = [dbTimeKey(row.at), num(row.id)];
    }
    expect(seen).toEqual([2, 1, 3]);
  });

  it('multi-row INSERT: IGNORE skips duplicates, upsert overwrites the named columns, values are converted', async () => {
    await reset();
    await bulkInsert(
      ds,
      'probe',
      ['id', 'k', 'n', 'doc'],
      [
        [1, 'a', 1, { x: 1 }],
        [2, 'b', 2, ['y']],
      ],
    );
    await bulkInsert(
      ds,
      'probe',
      ['id', 'k', 'n'],
      [
        [3, 'a', 9],
        [4, 'c', 4],
      ],
      { ignore: true },
    );
    await bulkInsert(
      ds,
      'probe',
      ['id', 'k', 'n', 'doc'],
      [
        [5, 'b', 20, null],
        [6, 'd', 6, null],
      ],
      { upsert: { conflict: ['k'], update: ['n'] } },
    );
    const rows = await select<{ id: unknown; k: string; n: unknown; doc: string | null }>(
      ds,
      'SELECT id, k, n, doc FROM probe ORDER BY id',
    );
    expect(rows.map((r) => [num(r.id), r.k, num(r.n), r.doc])).toEqual([
      [1, 'a', 1, '{"x":1}'],
      [2, 'b', 20, '["y"]'],
      [4, 'c', 4, null],
      [6, 'd', 6, null],
    ]);
  });

  it('splits a multi-row INSERT below the placeholder limit even when asked for more rows per statement', async () => {
    await reset();
    const n = MAX_PARAMS.sqlite + 10;
    await bulkInsert(
      ds,
      'probe',
      ['id', 'k'],
      Array.from({ length: Math.ceil(n / 2) }, (_, i) => [i + 1, `k${i}`]),
      { chunk: n },
    );
    expect(num((await selectOne<{ c: unknown }>(ds, 'SELECT COUNT(*) AS c FROM probe'))?.c)).toBe(Math.ceil(n / 2));
    expect(rowsPerStatement(2, MAX_PARAMS.sqlite)).toBe(16_383);
    expect(rowsPerStatement(40, 30_000, 2000)).toBe(750);
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(marks(3)).toBe('?, ?, ?');
  });

  it('CASE update sets each row its own values, or only later ones', async () => {
    await reset();
    await bulkInsert(
      ds,
      'probe',
      ['id', 'k', 'n', 'at'],
      [
        [1, 'a', 0, at('2026-01-05T00:00:00Z')],
        [2, 'b', 0, null],
        [3, 'c', 0, null],
      ],
    );
    await caseUpdate(ds, {
      table: 'probe',
      key: 'id',
      columns: ['n', 'doc'],
      rows: [
        [1, 10, 'x'],
        [2, 20, 'y'],
      ],
      chunk: 1,
    });
    await caseUpdate(ds, {
      table: 'probe',
      key: 'id',
      columns: ['at'],
      onlyIfLater: true,
      chunk: 10,
      rows: [
        [1, at('2026-01-01T00:00:00Z')],
        [2, at('2026-02-01T00:00:00Z')],
      ],
    });
    await caseUpdate(ds, {
      table: 'probe',
      key: 'k',
      columns: ['n'],
      rows: [['c', 30]],
      also: { sql: 'doc = ?', params: ['z'] },
      where: 'n = 0',
      chunk: 10,
    });
    const rows = await select<{ id: unknown; n: unknown; doc: string | null; at: unknown }>(
      ds,
      'SELECT id, n, doc, at FROM probe ORDER BY id',
    );
    expect(rows.map((r) => [num(r.id), num(r.n), r.doc, fromDbTime(r.at)?.toISOString() ?? null])).toEqual([
      [1, 10, 'x', '2026-01-05T00:00:00.000Z'],
      [2, 20, 'y', '2026-02-01T00:00:00.000Z'],
      [3, 30, 'z', null],
    ]);
  });

  it('validates rows with a schema and turns a missing row into the given 404', async () => {
    await reset();
    await bulkInsert(ds, 'probe', ['id', 'k'], [[1, 'a']]);
    const schema = z.object({ id: z.coerce.number(), k: z.string() });
    expect(await select(ds, 'SELECT id, k FROM probe', [], schema)).toEqual([{ id: 1, k: 'a' }]);
    await expect(select(ds, 'SELECT id, n AS k FROM probe', [], schema)).rejects.toThrow();
    await expect(rowOr404(ds, 'SELECT id FROM probe WHERE id = ?', [2], customerNotFound)).rejects.toMatchObject({
      status: 404,
      id: 'customer_not_found',
    });
    expect(await rowOr404<{ k: string }>(ds, 'SELECT k FROM probe WHERE id = ?', [1], customerNotFound)).toEqual({ k: 'a' });
  });

  it('keyset cursors round-trip and reject anything else with 400 invalid_cursor', () => {
    const cursor = cursorCodec(z.tuple([z.string(), z.number()]));
    expect(cursor.decode(cursor.encode(['2026-11-01 16:00:00', 7]))).toEqual(['2026-11-01 16:00:00', 7]);
    for (const bad of ['zzz', Buffer.from('[1, 2]').toString('base64url'), Buffer.from('["a", 1, 2]').toString('base64url'), '']) {
      expect(() => cursor.decode(bad)).toThrow(expect.objectContaining({ status: 400, id: 'invalid_cursor' }));
    }
    const other = cursorCodec(z.object({ i: z.number() }));
    expect(() => other.decode(cursor.encode(['2026-11-01 16:00:00', 7]))).toThrow(expect.objectContaining({ id: 'invalid_cursor' }));
  });
});
