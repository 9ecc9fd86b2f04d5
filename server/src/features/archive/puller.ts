import type { DataSource } from 'typeorm';
import { ArchiveCheckpointEntity } from '@server/entities/ArchiveCheckpoint.ts';
import { log } from '@server/logger.ts';
import { errorText } from '@server/db/errors.ts';
import { ArchiveLeaseLostError } from './errors.ts';
import { CHECKPOINT, acquireLease, newLeaseOwner, readCheckpoint, releaseLease, renewLease } from './lease.ts';
import type { ArchiveRecord } from './message.ts';
import { MAX_BATCH, type ArchiveSource } from './source.ts';
import { storeBatch, type BatchResult } from './store.ts';

export interface PullOptions {
  /** Records per GetChatData call (≤ 1000). */
  batchSize?: number;
  /** Lease lifetime, renewed with every batch and every heartbeat; a crashed puller blocks others at most this long. */
  leaseTtlMs?: number;
  /** How often the lease is renewed while a pull runs (a slow batch must not let it lapse). */
  heartbeatMs?: number;
  /** Stop after this many batches (the rest is pulled by the next run). */
  maxBatches?: number;
  owner?: string;
  onBatch?: (progress: PullProgress) => void;
  /** Test seam passed to storeBatch (simulates a crash inside the transaction). */
  beforeCommit?: (batchNo: number) => void | Promise<void>;
}

export interface PullProgress extends BatchResult {
  batchNo: number;
  fetched: number;
  /** Totals so far in this run. */
  totalFetched: number;
  totalInserted: number;
}

export interface PullSummary {
  /** 'busy' when another puller holds the lease (nothing was done). */
  status: 'done' | 'busy';
  fromSeq: number;
  toSeq: number;
  batches: number;
  fetched: number;
  inserted: number;
  duplicates: number;
  interactions: number;
  turnsOpened: number;
  turnsReplied: number;
  flags: number;
  ms: number;
}

/**
 * Pulls the archive from the stored checkpoint until the source is drained:
 * one batch per transaction (messages + derived rows + checkpoint), so a run
 * killed at any point resumes exactly where the last commit left off.
 * Only the holder of the checkpoint lease pulls; others return 'busy'.
 */
export async function pullArchive(ds: DataSource, source: ArchiveSource, options: PullOptions = {}): Promise<PullSummary> {
  const started = Date.now();
  const owner = options.owner ?? newLeaseOwner();
  const leaseTtlMs = options.leaseTtlMs ?? 30_000;
  const heartbeatMs = options.heartbeatMs ?? Math.max(1000, Math.floor(leaseTtlMs / 6));
  const batchSize = Math.min(options.batchSize ?? MAX_BATCH, MAX_BATCH);
  const logger = log('archive', { owner });
  const summary: PullSummary = {
    status: 'done',
    fromSeq: 0,
    toSeq: 0,
    batches: 0,
    fetched: 0,
    inserted: 0,
    duplicates: 0,
    interactions: 0,
    turnsOpened: 0,
    turnsReplied: 0,
    flags: 0,
    ms: 0,
  };
  const before = await readCheckpoint(ds);
  if (!(await acquireLease(ds, owner, leaseTtlMs))) {
    summary.status = 'busy';
    summary.ms = Date.now() - started;
    return summary;
  }
  if (before.leaseOwner !== null) logger.warn({ from: before.leaseOwner }, 'took over the archive pull from a puller that went silent');
  // Heartbeat: the lease stays ours while batches take their time; a killed puller's lapses after leaseTtlMs.
  const heartbeat = setInterval(() => {
    renewLease(ds, owner, leaseTtlMs).catch((err: unknown) => logger.warn({ err }, 'archive lease heartbeat failed'));
  }, heartbeatMs);
  heartbeat.unref();
  try {
    let seq = (await readCheckpoint(ds)).seq;
    summary.fromSeq = seq;
    summary.toSeq = seq;
    // The next batch is fetched (GetChatData + RSA on worker threads) while this one is stored.
    const fetchFrom = (after: number) => {
      const p = source.fetch(after, batchSize);
      p.catch(() => undefined); // observed when awaited; never an unhandled rejection if we stop first
      return p;
    };
    let next: Promise<ArchiveRecord[]> | undefined = fetchFrom(seq);
    while (next && (options.maxBatches === undefined || summary.batches < options.maxBatches)) {
      const records: ArchiveRecord[] = await next;
      if (records.length === 0) break;
      const batchNo = summary.batches + 1;
      const more = options.maxBatches === undefined || batchNo < options.maxBatches;
      next = more ? fetchFrom(Math.max(seq, ...records.map((r) => r.seq))) : undefined;
      const result = await storeBatch(ds, records, {
        owner,
        leaseTtlMs,
        beforeCommit: options.beforeCommit ? () => options.beforeCommit?.(batchNo) : undefined,
      });
      seq = Math.max(seq, result.lastSeq);
      summary.batches = batchNo;
      summary.toSeq = seq;
      summary.fetched += records.length;
      summary.inserted += result.inserted;
      summary.duplicates += result.duplicates;
      summary.interactions += result.interactions;
      summary.turnsOpened += result.turnsOpened;
      summary.turnsReplied += result.turnsReplied;
      summary.flags += result.flags;
      options.onBatch?.({ ...result, batchNo, fetched: records.length, totalFetched: summary.fetched, totalInserted: summary.inserted });
    }
    summary.ms = Date.now() - started;
    // The schedule runs every minute: an empty pull is not news.
    if (summary.fetched > 0) logger.info({ ...summary }, 'archive pull finished');
    else logger.debug({ ...summary }, 'archive pull found nothing new');
    return summary;
  } catch (err) {
    if (!(err instanceof ArchiveLeaseLostError)) {
      const message = err instanceof Error ? `${err.name}: ${errorText(err)}` : String(err);
      await ds
        .createQueryBuilder()
        .update(ArchiveCheckpointEntity)
        .set({ lastError: message.slice(0, 1000) })
        .where('name = :name', { name: CHECKPOINT })
        .execute()
        .catch(() => undefined);
    }
    logger.error({ err }, 'archive pull failed');
    throw err;
  } finally {
    clearInterval(heartbeat);
    await releaseLease(ds, owner).catch((err: unknown) => logger.warn({ err }, 'could not release the archive lease'));
  }
}
