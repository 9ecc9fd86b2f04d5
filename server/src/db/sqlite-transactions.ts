import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { driverCode } from './errors.ts';

/**
 * TypeORM drives better-sqlite3 through ONE connection and one query runner for
 * the whole process, and does not serialise transactions on it: when two
 * requests write at once, both send BEGIN, the second fails ("cannot start a
 * transaction within a transaction") and its ROLLBACK undoes the first one's
 * work. SQLite has a single writer anyway, so here transactions take turns:
 *
 * - a transaction waits until the one in progress has committed or rolled back;
 *   within the same async flow it is nested (a savepoint), as before;
 * - a write outside any transaction (a lone UPDATE) runs between transactions,
 *   not inside another request's, where a rollback would take it along;
 * - reads never wait: they run at once on the shared connection, so a writer
 *   never starves readers — which is why transactions must stay short (no
 *   WeCom call or other I/O between BEGIN and COMMIT);
 * - BEGIN IMMEDIATE takes the write lock up front, so while another process on
 *   the same file (a CLI job) writes, we wait at BEGIN instead of failing with
 *   SQLITE_BUSY at a write after reading. That wait is asynchronous (retries up
 *   to `busyWaitMs`): better-sqlite3's busy_timeout sleeps on the event loop's
 *   thread, which would stall every request in the meantime, so the pragma is
 *   kept short (data-source.ts).
 *
 * Flows that use the query runner's startTransaction directly (bulk jobs) are
 * not told apart from each other; they are serialised against ds.transaction.
 */
export function serializeSqliteTransactions(ds: DataSource, { busyWaitMs = 5000 } = {}): void {
  if (ds.options.type !== 'better-sqlite3') return;
  const flow = new AsyncLocalStorage<symbol>();
  const DIRECT = Symbol('direct');
  let holder: symbol | null = null;
  let tail: Promise<void> = Promise.resolve();
  let releaseTurn: (() => void) | null = null;

  const acquire = async (owner: symbol): Promise<void> => {
    const previous = tail;
    let release!: () => void;
    tail = new Promise<void>((done) => {
      release = done;
    });
    await previous;
    holder = owner;
    releaseTurn = release;
  };
  const release = (): void => {
    const done = releaseTurn;
    holder = null;
    releaseTurn = null;
    done?.();
  };
  const holds = (): boolean => {
    const me = flow.getStore();
    return holder !== null && (me === holder || (holder === DIRECT && me === undefined));
  };

  const manager: EntityManager = ds.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  (manager as { transaction: unknown }).transaction = (...args: unknown[]) =>
    flow.run(flow.getStore() ?? Symbol('transaction'), () => transaction(...args));

  const patch = (qr: QueryRunner): void => {
    const start = qr.startTransaction.bind(qr);
    qr.startTransaction = async (isolation) => {
      if (holds()) return start(isolation);
      await acquire(flow.getStore() ?? DIRECT);
      try {
        await start(isolation);
      } catch (err) {
        release();
        throw err;
      }
    };
    const commit = qr.commitTransaction.bind(qr);
    qr.commitTransaction = async () => {
      try {
        await commit();
      } finally {
        if (!qr.isTransactionActive && holds()) release();
      }
    };
    const rollback = qr.rollbackTransaction.bind(qr);
    qr.rollbackTransaction = async () => {
      try {
        await rollback();
      } finally {
        if (!qr.isTransactionActive && holds()) release();
      }
    };

    const query = qr.query.bind(qr) as (sql: string, parameters?: unknown[], structured?: boolean) => Promise<unknown>;
    /** A statement that takes the write lock, waiting (without blocking the loop) while another process holds it. */
    const lockTaking = async (text: string, parameters?: unknown[], structured?: boolean): Promise<unknown> => {
      const deadline = Date.now() + busyWaitMs;
      for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
        try {
          return await query(text, parameters, structured);
        } catch (err) {
          if (!driverCode(err)?.startsWith('SQLITE_BUSY') || Date.now() + pause > deadline) throw err;
          await sleep(pause);
        }
      }
    };
    (qr as { query: unknown }).query = async (sql: string, parameters?: unknown[], structured?: boolean) => {
      if (sql === 'BEGIN TRANSACTION') return lockTaking('BEGIN IMMEDIATE TRANSACTION', parameters, structured);
      if (holds() || !WRITE.test(sql)) return query(sql, parameters, structured);
      await acquire(Symbol('write'));
      try {
        return await lockTaking(sql, parameters, structured);
      } finally {
        release();
      }
    };
  };

  // The driver makes its single runner lazily and drops it on destroy(): patch each one it hands out.
  const driver = ds.driver as { createQueryRunner: (mode: unknown) => QueryRunner };
  const create = driver.createQueryRunner.bind(driver);
  const patched = new WeakSet<QueryRunner>();
  driver.createQueryRunner = (mode) => {
    const qr = create(mode);
    if (!patched.has(qr)) {
      patch(qr);
      patched.add(qr);
    }
    return qr;
  };
}

const WRITE = /^\s*(INSERT|UPDATE|DELETE|REPLACE|UPSERT|CREATE|DROP|ALTER)\b/i;
