import type { DataSource } from 'typeorm';
import { leaseRow, type LeaseTiming } from '@server/jobs/lease.ts';
import { SYNC_LEASE, activeRun } from './run-store.ts';

/**
 * The active run nobody is working on, if any: its lease holder has been
 * silent past the lease (killed instance), or it has been queued for longer
 * than a lease without anyone taking it (its in-process job was lost with a
 * restart). Such a run is queued again; a live instance claims it.
 */
export async function findOrphanedRun(ds: DataSource, timing: LeaseTiming, now = Date.now()): Promise<number | null> {
  const run = await activeRun(ds);
  if (!run) return null;
  const lease = await leaseRow(ds, SYNC_LEASE);
  const held = lease !== null && lease.token !== null && lease.expiresAt !== null && lease.expiresAt.getTime() >= now;
  if (held) return null;
  if (run.status === 'queued' && now - new Date(run.createdAt).getTime() < timing.ttlMs) return null;
  return run.id;
}
