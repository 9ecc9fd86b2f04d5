import type { AppDeps } from '@server/context.ts';
import { SyncRunEntity, type SyncRun } from '@server/entities/SyncRun.ts';
import { leaseRow, leaseTiming, releaseLease, tryAcquireLease, type LeaseHolder, type LeaseTiming } from '@server/jobs/lease.ts';
import { log } from '@server/logger.ts';
import {
  RESUME_WITHIN_MS,
  SYNC_LEASE,
  endRun,
  isReopenable,
  markRun,
  newestRun,
  openRun,
  parseCheckpoint,
  reopenRun,
} from './run-store.ts';

/**
 * Thrown when another live instance holds the sync; `runId` is the run it works on,
 * `leaseExpiresAt` when its lease lapses unless its holder renews it (a killed holder never does).
 */
export class SyncBusyError extends Error {
  constructor(
    readonly runId: number,
    readonly leaseExpiresAt: Date | null = null,
  ) {
    super(`full sync ${runId} is already running`);
    this.name = 'SyncBusyError';
  }
}

/** Thrown when the run asked for has ended (succeeded, abandoned or superseded by a newer run): nothing to do. */
export class SyncRunEndedError extends Error {
  constructor(readonly runId: number) {
    super(`sync_run ${runId} has ended`);
    this.name = 'SyncRunEndedError';
  }
}

export interface RunClaim {
  run: SyncRun;
  holder: LeaseHolder;
  timing: LeaseTiming;
  /** The run continues from a checkpoint. */
  resumed: boolean;
}

/** Makes run `id` the active one again if it failed and nothing newer exists; throws when that cannot be. */
async function reopenForJob(deps: AppDeps, run: SyncRun): Promise<void> {
  const newest = await newestRun(deps.ds, run.kind);
  if (!isReopenable(run) || newest?.id !== run.id) throw new SyncRunEndedError(run.id);
  if (await reopenRun(deps.ds, run.id, run.kind)) return;
  const now = await deps.ds.getRepository(SyncRunEntity).findOneBy({ id: run.id });
  if (now?.activeKey === null) throw new SyncBusyError(run.id); // another run is active
}

/**
 * Claims the sync for this instance: the run (`syncRunId`, or the active one,
 * or a reopened/new one) becomes active, and this instance takes the
 * `sync.full` lease — free, or expired because its holder died (a takeover,
 * counted on the run). A live holder elsewhere ⇒ SyncBusyError with its run.
 */
export async function claimRun(deps: AppDeps, syncRunId?: number): Promise<RunClaim> {
  const { ds } = deps;
  const repo = ds.getRepository(SyncRunEntity);
  const timing = leaseTiming(deps.config);
  const me = deps.config.instanceId;
  let run: SyncRun;
  if (syncRunId !== undefined) {
    const found = await repo.findOneBy({ id: syncRunId });
    if (!found) throw new Error(`sync_run ${syncRunId} not found`);
    if (found.status === 'succeeded') throw new SyncRunEndedError(found.id);
    if (found.activeKey === null) await reopenForJob(deps, found);
    run = found;
  } else {
    run = (await openRun(ds)).run;
  }

  const holder = await tryAcquireLease(ds, SYNC_LEASE, me, timing.ttlMs, { runId: run.id });
  if (!holder) {
    const lease = await leaseRow(ds, SYNC_LEASE);
    throw new SyncBusyError(lease?.runId ?? run.id, lease?.expiresAt ?? null);
  }
  try {
    const current = await repo.findOneBy({ id: run.id });
    // Finished between our read and the lease (by the holder that just let go).
    if (!current || current.activeKey === null) throw new SyncRunEndedError(run.id);
    if (Date.now() - new Date(current.createdAt).getTime() > RESUME_WITHIN_MS) {
      // Its WeCom cursors have expired: abandon it; without a given run the next claim starts a new one.
      await endRun(ds, current.id, { status: 'failed', error: current.error ?? 'abandoned (older than 24 h)' });
      await releaseLease(ds, holder);
      if (syncRunId !== undefined) throw new SyncRunEndedError(current.id);
      return claimRun(deps);
    }
    const takenOver = holder.takenOverFrom !== null && current.status === 'running';
    await markRun(ds, current.id, {
      status: 'running',
      owner: me,
      error: null,
      startedAt: current.startedAt ?? new Date(),
      ...(takenOver ? { takeovers: current.takeovers + 1, takenOverFrom: holder.takenOverFrom } : {}),
    });
    if (takenOver)
      log('sync', { runId: current.id }).warn(
        { from: holder.takenOverFrom, owner: me },
        'took over a full sync whose instance went silent',
      );
    return {
      run: await repo.findOneByOrFail({ id: current.id }),
      holder,
      timing,
      resumed: parseCheckpoint(current.checkpoint) !== undefined,
    };
  } catch (err) {
    await releaseLease(ds, holder).catch(() => undefined);
    throw err;
  }
}
