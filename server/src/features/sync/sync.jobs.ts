import { z } from 'zod';
import type { AppDeps } from '@server/context.ts';
import { jobRunnerFor } from '@server/jobs/index.ts';
import { SyncBusyError, runFullSync } from './full-sync.ts';

export const FULL_SYNC_JOB = 'sync.full';

const fullSyncData = z.object({ syncRunId: z.number().int().positive().optional() });
export type FullSyncJobData = z.infer<typeof fullSyncData>;

const registered = new WeakSet<AppDeps>();

/**
 * Registers `sync.full` on the process's job runner (idempotent per deps):
 * one run at a time, resuming from its checkpoint when retried, and the daily
 * full sync at SYNC_DAILY_AT (from the validated config; 'off' disables it).
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
        // Another instance holds the sync: nothing to retry.
        if (err instanceof SyncBusyError) return;
        throw err;
      }
    },
    { schema: fullSyncData, concurrency: 1, attempts: 3, backoffMs: 30_000 },
  );

  if (deps.config.SYNC_DAILY_AT !== 'off') await runner.schedule(FULL_SYNC_JOB, { dailyAt: deps.config.SYNC_DAILY_AT }, {});
}

/** Queues a full sync of the given run (or the next resumable/new one); resolves to the job id. */
export async function enqueueFullSync(deps: AppDeps, syncRunId: number): Promise<string> {
  await registerJobs(deps);
  return jobRunnerFor(deps).enqueue<FullSyncJobData>(FULL_SYNC_JOB, { syncRunId }, { jobId: `sync-run-${syncRunId}` });
}
