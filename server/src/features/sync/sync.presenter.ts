import type { SyncRun } from '@server/entities/SyncRun.ts';
import type { JobLease } from '@server/entities/JobLease.ts';
import type { JobHolder, SyncRunDto } from './sync.schema.ts';

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** A sync_run row as the API shows it (the checkpoint stays internal). */
export function presentSyncRun(run: SyncRun): SyncRunDto {
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    stage: run.stage,
    progress: { done: run.progressDone, total: run.progressTotal },
    counts: run.counts ?? {},
    error: run.error,
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    createdAt: new Date(run.createdAt).toISOString(),
    owner: run.owner,
    takeovers: run.takeovers,
    takenOverFrom: run.takenOverFrom,
  };
}

const stateOf = (token: unknown, expiresAt: Date | null, now: number): JobHolder['state'] =>
  token === null ? 'free' : expiresAt !== null && expiresAt.getTime() >= now ? 'held' : 'expired';

/** A job_lease row as the status surfaces show it. */
export function presentLease(lease: JobLease, now = Date.now()): JobHolder {
  return {
    job: lease.name,
    owner: lease.owner,
    state: stateOf(lease.token, lease.expiresAt, now),
    heartbeatAt: iso(lease.heartbeatAt),
    expiresAt: iso(lease.expiresAt),
    runId: lease.runId,
    takeovers: lease.takeovers,
    takenOverFrom: lease.takenOverFrom,
  };
}

/** The archive puller's lease (kept on its checkpoint row; renewed every heartbeat, so heartbeat = expiry − lease). */
export function presentArchiveLease(
  cp: { leaseOwner: string | null; leaseUntil: Date | null },
  leaseMs: number,
  now = Date.now(),
): JobHolder {
  return {
    job: 'archive.pull',
    owner: cp.leaseOwner,
    state: stateOf(cp.leaseOwner, cp.leaseUntil, now),
    heartbeatAt: cp.leaseUntil ? new Date(cp.leaseUntil.getTime() - leaseMs).toISOString() : null,
    expiresAt: iso(cp.leaseUntil),
    runId: null,
    takeovers: 0,
    takenOverFrom: null,
  };
}
