import Database from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-db.ts';
import { openDatabase } from './data-source.ts';

const KEY = (ds: DataSource) => ds.driver.escape('key');

/** A promise and the function that settles it. */
function gate(): { open: () => void; wait: Promise<void> } {
  let open!: () => void;
  const wait = new Promise<void>((done) => {
    open = done;
  });
  return { open, wait };
}

describe('transactions under concurrency (the single SQLite connection included)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.url);
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });
  beforeEach(async () => {
    await ds.query(`DELETE FROM setting WHERE ${KEY(ds)} LIKE 'tx.%'`);
  });
  const keys = async (): Promise<string[]> =>
    ((await ds.query(`SELECT ${KEY(ds)} AS k FROM setting WHERE ${KEY(ds)} LIKE 'tx.%' ORDER BY ${KEY(ds)}`)) as Array<{ k: string }>).map(
      (r) => r.k,
    );
  const put = (key: string): [string, unknown[]] => [`INSERT INTO setting (${KEY(ds)}, value) VALUES (?, ?)`, [key, '1']];

  it('runs overlapping transactions one after the other: a failing one does not undo the other', async () => {
    const midA = gate();
    const a = ds.transaction(async (em) => {
      await em.query(...put('tx.a'));
      await midA.wait;
    });
    const b = ds.transaction(async (em) => {
      await em.query(...put('tx.b'));
      throw new Error('b fails');
    });
    midA.open();
    // Settle both at once: on MySQL they run on separate connections, and `b` may
    // reject before `a` resolves; an unobserved rejection fails the whole run.
    const [ra, rb] = await Promise.allSettled([a, b]);
    expect(ra.status).toBe('fulfilled');
    expect(rb.status === 'rejected' && String(rb.reason)).toContain('b fails');
    expect(await keys()).toEqual(['tx.a']);
  });

  it('lets many concurrent transactions all commit', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ds.transaction(async (em) => {
          await em.query(...put(`tx.${String(i).padStart(2, '0')}`));
          await new Promise((done) => setImmediate(done));
          await em.query(`UPDATE setting SET value = '2' WHERE ${KEY(ds)} = ?`, [`tx.${String(i).padStart(2, '0')}`]);
        }),
      ),
    );
    expect(await keys()).toHaveLength(20);
  });

  it('nests a transaction started inside another (savepoint), even through the DataSource', async () => {
    await ds.transaction(async (em) => {
      await em.query(...put('tx.outer'));
      await ds.transaction(async (inner) => {
        await inner.query(...put('tx.inner'));
      });
      await em.transaction(async (inner) => {
        await inner.query(...put('tx.inner2'));
      });
    });
    expect(await keys()).toEqual(['tx.inner', 'tx.inner2', 'tx.outer']);
  });

  it('keeps a lone write made during another transaction out of that transaction’s rollback', async () => {
    const inside = gate();
    const proceed = gate();
    const failing = ds.transaction(async (em) => {
      await em.query(...put('tx.rolled-back'));
      inside.open();
      await proceed.wait;
      throw new Error('rollback');
    });
    await inside.wait;
    const lone = ds.query(...put('tx.lone'));
    proceed.open();
    await expect(failing).rejects.toThrow('rollback');
    await lone;
    expect(await keys()).toEqual(['tx.lone']);
  });

  it('does not make readers wait for an open transaction', async () => {
    const release = gate();
    let committed = false;
    const writer = ds
      .transaction(async (em) => {
        await em.query(...put('tx.w'));
        await release.wait;
      })
      .then(() => {
        committed = true;
      });
    await new Promise((done) => setImmediate(done));
    const rows = await ds.query('SELECT COUNT(*) AS n FROM staff');
    expect(rows).toHaveLength(1);
    expect(committed).toBe(false);
    release.open();
    await writer;
  });

  it.runIf(!process.env.TEST_DATABASE_URL?.startsWith('mysql'))(
    'takes the write lock at BEGIN and waits for another process’s lock without blocking the event loop',
    async () => {
      const file = db.url.slice('sqlite:'.length);
      const other = new Database(file, { timeout: 0 });
      try {
        // Another process writing: our transaction must wait for it, not fail.
        other.exec('BEGIN IMMEDIATE');
        let done = false;
        const tx = ds
          .transaction(async (em) => {
            await em.query(...put('tx.after-other'));
          })
          .then(() => {
            done = true;
          });
        await new Promise((r) => setTimeout(r, 30));
        expect(done).toBe(false);
        // Reads go on meanwhile.
        expect(await ds.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
        other.exec('COMMIT');
        await tx;
        expect(await keys()).toEqual(['tx.after-other']);

        // And our open transaction holds the lock before its first write.
        const hold = gate();
        const started = gate();
        const ours = ds.transaction(async () => {
          started.open();
          await hold.wait;
        });
        await started.wait;
        expect(() => other.exec('BEGIN IMMEDIATE')).toThrow(/busy|locked/i);
        hold.open();
        await ours;
      } finally {
        other.close();
      }
    },
  );
});
