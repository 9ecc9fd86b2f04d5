import type { Actor } from '@server/auth/actor.ts';
import { audit } from '@server/audit/audit.ts';
import type { AppDeps } from '@server/context.ts';
import { SyncRunEntity, type SyncRun } from '@server/entities/SyncRun.ts';
import { enqueueFullSync } from './sync.jobs.ts';
import { createRun, isLive, isResumable, latestUnfinished, markRun, parseCheckpoint } from './run-store.ts';
import type { StartSyncResponse } from './sync.schema.ts';

/**
 * Starts a full sync for an admin: a run that is queued or live is returned
 * as is (never two at once); an interrupted one is resumed from its
 * checkpoint; otherwise a new run is queued. Every start is audited.
 */
export async function startFullSync(deps: AppDeps, actor: Actor, ip: string | null): Promise<StartSyncResponse> {
  const latest = await latestUnfinished(deps.ds);
  if (latest && (latest.status === 'queued' || isLive(latest))) {
    // Queue it again: the job id dedupes, and an in-process queue lost with a restart gets its job back.
    if (latest.status === 'queued') await enqueueFullSync(deps, latest.id);
    return { id: latest.id, status: latest.status, alreadyRunning: true, resumed: false };
  }
  let run: SyncRun;
  let resumed = false;
  if (latest && isResumable(latest)) {
    run = latest;
    resumed = parseCheckpoint(latest.checkpoint) !== undefined;
    await markRun(deps.ds, run.id, { status: 'queued' });
  } else {
    if (latest) await markRun(deps.ds, latest.id, { status: 'failed', error: latest.error ?? 'abandoned', finishedAt: new Date() });
    run = await createRun(deps.ds);
  }
  await audit(deps.ds.manager, actor, 'sync.start', { type: 'sync_run', id: run.id }, { kind: 'full', resumed }, ip);
  await enqueueFullSync(deps, run.id);
  return { id: run.id, status: 'queued', alreadyRunning: false, resumed };
}

export async function getSyncRun(deps: AppDeps, id: number): Promise<SyncRun | null> {
  return deps.ds.getRepository(SyncRunEntity).findOneBy({ id });
}

export async function listSyncRuns(deps: AppDeps, limit: number): Promise<SyncRun[]> {
  return deps.ds.getRepository(SyncRunEntity).find({ order: { id: 'DESC' }, take: limit });
}
