import { driverCode } from '@server/db/errors.ts';

/**
 * Driver codes of a write that lost a race with another writer of the same rows (the sync's
 * relation writer, the queue processor): a deadlock or lock wait on MySQL, a unique key taken
 * between our read and our insert, SQLite's single writer busy. Running the write again succeeds.
 */
const CLASHES = new Set([
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_DUP_ENTRY',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_CONSTRAINT_UNIQUE',
  'SQLITE_CONSTRAINT_PRIMARYKEY',
  // MySQL's REPEATABLE READ: a customer row another transaction committed after ours took its snapshot is
  // invisible to our read-back, so the relation's customer id comes out null. A new transaction sees it.
  'ER_BAD_NULL_ERROR',
]);

export function isWriteClash(err: unknown): boolean {
  const code = driverCode(err);
  return code !== undefined && CLASHES.has(code);
}

/**
 * Runs an idempotent write, again after a short random pause when it clashed with a concurrent
 * writer (up to `attempts` times); any other error, or the last clash, is thrown.
 */
export async function retryOnClash<T>(write: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (attempt >= attempts || !isWriteClash(err)) throw err;
      // Random so two writers that clashed do not meet again in step.
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40 * attempt));
    }
  }
}
