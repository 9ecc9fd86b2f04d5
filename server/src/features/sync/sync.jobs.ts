import { z } from 'zod';
import type { AppDeps } from '@server/context.ts';
import { jobRunnerFor } from '@server/jobs/index.ts';
import { leaseTiming } from '@server/jobs/lease.ts';
import { log } from '@server/logger.ts';
import { SyncBusyError, SyncRunEndedError, runFullSync } from './full-sync.ts';
import { findOrphanedRun } from './takeover.ts';

export const FULL_SYNC_JOB = 'sync.full';

const fullSyncData = z.object({ syncRunId: z.number().int().positive().optional() });
export type FullSyncJobData = z.infer<typeof fullSyncData>;

const registered = new WeakSet<AppDeps>();

/**
 * Registers `sync.full` on the process's job runner (idempotent per deps):
 * one run at a time across the fleet (the sync lease), resuming from its
 * checkpoint when retried; the daily full sync at SYNC_DAILY_AT ('off'
 * disables it); and the takeover watch: every heartbeat this instance looks
 * for an active run whose holder went silent past the lease (or a queued run
 * whose job was lost with a restart) and queues it, so a live instance
 * resumes it from its checkpoint without anyone asking.
 */
export async function registerJobs(deps: AppDeps): Promise<void> {
  if (registered.has(deps)) return;
  registered.add(deps);
  const runner = jobRunnerFor(deps);

  runner.register<FullSyncJobData>(
    FULL_SYNC_JOB,
    async ({ data }) => {
      try {
        await runFullSync(deps, { syncRunId: data.syncRunId });
      } catch (err) {
        // A live instance holds the sync, or the run ended meanwhile: nothing to retry.
        if (err instanceof SyncBusyError || err instanceof SyncRunEndedError) return;
        throw err;
      }
    },
    { schema: fullSyncData, concurrency: 1, attempts: 3, backoffMs: 30_000 },
  );

  if (deps.config.SYNC_DAILY_AT !== 'off') await runner.schedule(FULL_SYNC_JOB, { dailyAt: deps.config.SYNC_DAILY_AT }, {});

  let checking = false;
  const watch = setInterval(() => {
    if (checking) return;
    checking = true;
    findOrphanedRun(deps.ds, leaseTiming(deps.config))
      .then((runId) => (runId === null ? undefined : enqueueFullSync(deps, runId)))
      .catch((err: unknown) => log('sync').warn({ err }, 'takeover check failed'))
      .finally(() => {
        checking = false;
      });
  }, leaseTiming(deps.config).heartbeatMs);
  watch.unref();
  deps.onClose(() => clearInterval(watch));
}

/** Queues a full sync of the given run; resolves to the job id (deduplicated while one waits). */
export async function enqueueFullSync(deps: AppDeps, syncRunId: number): Promise<string> {
  await registerJobs(deps);
  return jobRunnerFor(deps).enqueue<FullSyncJobData>(FULL_SYNC_JOB, { syncRunId }, { jobId: `sync-run-${syncRunId}` });
}
