import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { JobLeaseEntity, type JobLease } from '@server/entities/JobLease.ts';
import { log } from '@server/logger.ts';

/**
 * Leases on long jobs across a fleet (docs/sync.md § Fleet): one row per job
 * in job_lease, taken by a compare-and-set UPDATE that only one instance can
 * win, renewed by heartbeats, and taken over by a live instance once its
 * holder has been silent past the lease. Every acquisition gets its own token,
 * so two runners in one process (or a paused process that wakes up after a
 * takeover) never both count as the holder.
 */

export interface LeaseTiming {
  /** A holder silent for longer is dead. */
  ttlMs: number;
  /** How often a holder renews. */
  heartbeatMs: number;
}

/** The fleet's lease timing from the validated config (JOB_LEASE_SECONDS, JOB_HEARTBEAT_SECONDS). */
export function leaseTiming(config: { JOB_LEASE_SECONDS: number; JOB_HEARTBEAT_SECONDS: number }): LeaseTiming {
  return { ttlMs: config.JOB_LEASE_SECONDS * 1000, heartbeatMs: config.JOB_HEARTBEAT_SECONDS * 1000 };
}

/** One acquisition of a lease. */
export interface LeaseHolder {
  name: string;
  /** Instance id (shown on the status page). */
  owner: string;
  token: string;
  /** Set when this acquisition replaced a dead holder. */
  takenOverFrom: string | null;
}

/** Thrown by a holder's fenced write once another instance has taken its lease. */
export class LeaseLostError extends Error {
  constructor(readonly lease: string) {
    super(`lease ${lease} was taken over by another instance`);
    this.name = 'LeaseLostError';
  }
}

type Db = DataSource | EntityManager;

const repoOf = (db: Db) => db.getRepository(JobLeaseEntity);

async function readLease(db: Db, name: string): Promise<JobLease | null> {
  return repoOf(db).findOneBy({ name });
}

/**
 * Takes the lease `name` when it is free or its holder's lease expired
 * (a takeover, counted on the row). Resolves to the holder, or null when a
 * live holder has it.
 */
export async function tryAcquireLease(
  db: Db,
  name: string,
  owner: string,
  ttlMs: number,
  extra: { runId?: number | null } = {},
  now = new Date(),
): Promise<LeaseHolder | null> {
  let row = await readLease(db, name);
  if (!row) {
    await db.createQueryBuilder().insert().into(JobLeaseEntity).values({ name, takeovers: 0 }).orIgnore().execute();
    row = await readLease(db, name);
    if (!row) return null;
  }
  const expired = row.expiresAt === null || row.expiresAt.getTime() < now.getTime();
  if (row.token !== null && !expired) return null;
  const takenOverFrom = row.token !== null ? row.owner : null;
  const token = randomUUID();
  const qb = db
    .createQueryBuilder()
    .update(JobLeaseEntity)
    .set({
      owner,
      token,
      runId: extra.runId ?? null,
      acquiredAt: now,
      heartbeatAt: now,
      expiresAt: new Date(now.getTime() + ttlMs),
      takenOverFrom,
      takeovers: row.takeovers + (takenOverFrom !== null ? 1 : 0),
    })
    .where('name = :name', { name });
  // Compare-and-set on what we read: whoever changed the row since (another instance won) makes this a no-op.
  if (row.token === null) qb.andWhere('token IS NULL');
  else qb.andWhere('token = :prev AND (expires_at IS NULL OR expires_at < :now)', { prev: row.token, now });
  const result = await qb.execute();
  if (result.affected !== 1) return null;
  return { name, owner, token, takenOverFrom };
}

/** Extends the lease; false when it is no longer ours (taken over). Pass the batch's manager to fence its writes. */
export async function renewLease(
  db: Db,
  holder: LeaseHolder,
  ttlMs: number,
  patch: { runId?: number } = {},
  now = new Date(),
): Promise<boolean> {
  const result = await db
    .createQueryBuilder()
    .update(JobLeaseEntity)
    .set({ heartbeatAt: now, expiresAt: new Date(now.getTime() + ttlMs), ...patch })
    .where('name = :name AND token = :token', { name: holder.name, token: holder.token })
    .execute();
  return result.affected === 1;
}

/** Renews inside a write transaction, throwing LeaseLostError (which rolls the batch back) when the lease is gone. */
export async function fenceLease(m: EntityManager, holder: LeaseHolder, ttlMs: number): Promise<void> {
  if (!(await renewLease(m, holder, ttlMs))) throw new LeaseLostError(holder.name);
}

/** Gives the lease back (only while we hold it); the owner stays as the last holder. */
export async function releaseLease(db: Db, holder: LeaseHolder): Promise<void> {
  await db
    .createQueryBuilder()
    .update(JobLeaseEntity)
    .set({ token: null, expiresAt: null })
    .where('name = :name AND token = :token', { name: holder.name, token: holder.token })
    .execute();
}

/** Frees a lease whoever holds it — only for a process that knows it is the sole worker (the demo server at start). */
export async function clearLease(db: Db, name: string): Promise<void> {
  await db.createQueryBuilder().update(JobLeaseEntity).set({ token: null, expiresAt: null }).where('name = :name', { name }).execute();
}

/** Every lease row (held, expired or released), for the status page. */
export async function listLeases(db: Db): Promise<JobLease[]> {
  return repoOf(db).find({ order: { name: 'ASC' } });
}

/** The current row of one lease. */
export function leaseRow(db: Db, name: string): Promise<JobLease | null> {
  return readLease(db, name);
}

/**
 * Renews the lease every heartbeat until stopped. When a renewal finds the
 * lease taken, `onLost` runs once (the holder stops after its current step;
 * its fenced writes already fail). A failed renewal (database hiccup) is
 * retried at the next beat: the lease outlives at least one missed beat.
 */
export function startHeartbeat(ds: DataSource, holder: LeaseHolder, timing: LeaseTiming, onLost: () => void): { stop(): void } {
  let stopped = false;
  let running = false;
  const timer = setInterval(() => {
    if (stopped || running) return;
    running = true;
    renewLease(ds, holder, timing.ttlMs)
      .then((ok) => {
        if (!ok && !stopped) {
          stopped = true;
          clearInterval(timer);
          log('jobs').warn({ lease: holder.name, owner: holder.owner }, 'lease taken over by another instance; stopping');
          onLost();
        }
      })
      .catch((err: unknown) => log('jobs').warn({ err, lease: holder.name }, 'lease heartbeat failed; retrying at the next beat'))
      .finally(() => {
        running = false;
      });
  }, timing.heartbeatMs);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}

/** What a job running under withLease gets. */
export interface HeldLease {
  holder: LeaseHolder;
  /** Aborts when a heartbeat finds the lease taken. */
  signal: AbortSignal;
  /** Renews inside a write transaction; throws LeaseLostError (rolling it back) when the lease is gone. */
  fence(m: EntityManager): Promise<void>;
}

/**
 * Runs `fn` while holding the lease `name` (acquired, kept alive by heartbeats,
 * released after). Resolves to 'busy' without running when a live holder has it.
 * `signal` aborts when the lease is lost; `fence(m)` renews inside a write
 * transaction and throws LeaseLostError if another instance took over.
 */
export async function withLease<T>(
  ds: DataSource,
  name: string,
  owner: string,
  timing: LeaseTiming,
  fn: (lease: HeldLease) => Promise<T>,
): Promise<T | 'busy'> {
  const holder = await tryAcquireLease(ds, name, owner, timing.ttlMs);
  if (!holder) return 'busy';
  if (holder.takenOverFrom)
    log('jobs').warn({ lease: name, owner, from: holder.takenOverFrom }, 'took over a job whose holder went silent');
  const controller = new AbortController();
  const beat = startHeartbeat(ds, holder, timing, () => controller.abort());
  try {
    return await fn({ holder, signal: controller.signal, fence: (m) => fenceLease(m, holder, timing.ttlMs) });
  } finally {
    beat.stop();
    await releaseLease(ds, holder).catch((err: unknown) => log('jobs').warn({ err, lease: name }, 'could not release a lease'));
  }
}
