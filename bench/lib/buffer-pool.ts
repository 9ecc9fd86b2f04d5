/**
 * The medium and large corps do not fit MariaDB's default 128 MB buffer pool: every open would
 * read pages from disk and the bench would measure the disk. Raise it (a dynamic setting) for the run.
 */
import type { DataSource } from 'typeorm';
import { num, selectOne } from '@server/db/sql.ts';

const BENCH_BUFFER_POOL_BYTES = 4 * 1024 ** 3;

export async function ensureBufferPool(ds: DataSource, log: (m: string) => void): Promise<void> {
  if (ds.options.type !== 'mysql') return;
  const row = await selectOne<{ v: unknown }>(ds, 'SELECT @@innodb_buffer_pool_size AS v');
  const current = num(row?.v);
  if (current >= BENCH_BUFFER_POOL_BYTES) return;
  try {
    await ds.query(`SET GLOBAL innodb_buffer_pool_size = ${BENCH_BUFFER_POOL_BYTES}`);
    log(`innodb_buffer_pool_size raised from ${Math.round(current / 1024 ** 2)} MB to ${BENCH_BUFFER_POOL_BYTES / 1024 ** 2} MB`);
  } catch (err) {
    log(
      `could not raise innodb_buffer_pool_size (${err instanceof Error ? err.message : String(err)}); measuring with ${Math.round(current / 1024 ** 2)} MB`,
    );
  }
}
