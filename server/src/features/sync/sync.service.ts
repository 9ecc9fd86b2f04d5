import type { Actor } from '@server/auth/actor.ts';
import { audit } from '@server/audit/audit.ts';
import type { AppDeps } from '@server/context.ts';
import { SyncRunEntity, type SyncRun } from '@server/entities/SyncRun.ts';
import { enqueueFullSync } from './sync.jobs.ts';
import { readCheckpoint } from '@server/features/archive/index.ts';
import { leaseTiming, listLeases } from '@server/jobs/lease.ts';
import { presentArchiveLease, presentLease } from './sync.presenter.ts';
import { openRun } from './run-store.ts';
import { findOrphanedRun } from './takeover.ts';
import type { JobHolder, StartSyncResponse } from './sync.schema.ts';

/**
 * Starts a full sync for an admin: the queued or running run is returned as is
 * (never two at once, whichever instance is asked — opening a run is atomic);
 * an active run whose holder died (its lease lapsed: within JOB_LEASE_SECONDS
 * of its last heartbeat) is queued to resume from its checkpoint and answered
 * as a start, not as "already running"; an interrupted one is reopened to
 * resume; otherwise a new run is queued. Every start is audited.
 */
export async function startFullSync(deps: AppDeps, actor: Actor, ip: string | null): Promise<StartSyncResponse> {
  const { run, alreadyActive, resumed } = await openRun(deps.ds);
  if (alreadyActive) {
    const orphaned = (await findOrphanedRun(deps.ds, leaseTiming(deps.config))) === run.id;
    // Its holder died (the lease lapsed): this start is what resumes it, so it is not "already running".
    if (orphaned && run.status === 'running') {
      await audit(
        deps.ds.manager,
        actor,
        'sync.start',
        { type: 'sync_run', id: run.id },
        { kind: 'full', resumed: true, takeover: true },
        ip,
      );
      await enqueueFullSync(deps, run.id);
      return { id: run.id, status: run.status, alreadyRunning: false, resumed: true };
    }
    // Queue it again: the job id dedupes, and a job lost with a restart gets picked up.
    if (run.status === 'queued' || orphaned) await enqueueFullSync(deps, run.id);
    return { id: run.id, status: run.status, alreadyRunning: true, resumed: false };
  }
  await audit(deps.ds.manager, actor, 'sync.start', { type: 'sync_run', id: run.id }, { kind: 'full', resumed }, ip);
  await enqueueFullSync(deps, run.id);
  return { id: run.id, status: 'queued', alreadyRunning: false, resumed };
}

export async function getSyncRun(deps: AppDeps, id: number): Promise<SyncRun | null> {
  return deps.ds.getRepository(SyncRunEntity).findOneBy({ id });
}

/** Who holds which long job right now, across the fleet (the status page and GET /api/admin/sync). */
export async function listJobHolders(deps: AppDeps): Promise<JobHolder[]> {
  const leases = (await listLeases(deps.ds)).map((l) => presentLease(l));
  const archive = await readCheckpoint(deps.ds);
  return [...leases, presentArchiveLease(archive, leaseTiming(deps.config).ttlMs)];
}

export async function listSyncRuns(deps: AppDeps, limit: number): Promise<SyncRun[]> {
  return deps.ds.getRepository(SyncRunEntity).find({ order: { id: 'DESC' }, take: limit });
}
