import { z } from 'zod';
import type { AppDeps } from '@server/context.ts';
import { onCallbackStored } from '@server/features/wecom-callback/wecom-callback.service.ts';
import { jobRunnerFor } from '@server/jobs/index.ts';
import { log } from '@server/logger.ts';
import { processQueuedEvents } from '@server/features/wecom-callback/processor.ts';
import { SyncBusyError, runFullSync } from './full-sync.ts';

export const FULL_SYNC_JOB = 'sync.full';
export const WECOM_EVENTS_JOB = 'wecom.events';
/** Dedupe id of the "process the callback queue" wake-up: one waiting run at a time. */
const EVENTS_WAKE_ID = 'wecom-events-wake';

const fullSyncData = z.object({ syncRunId: z.number().int().positive().optional() });
export type FullSyncJobData = z.infer<typeof fullSyncData>;

const registered = new WeakSet<AppDeps>();

/**
 * Registers the sync jobs on the process's job runner (idempotent per deps):
 * `sync.full` (one run at a time; resumes from its checkpoint when retried),
 * `wecom.events` (the callback processor), woken right after the receiver
 * stores an event, polled periodically, and the daily full sync.
 */
export async function registerSyncJobs(deps: AppDeps): Promise<void> {
  if (registered.has(deps)) return;
  registered.add(deps);
  // SYNC_DAILY_AT and CALLBACK_POLL_SECONDS come from the validated config.
  const opts = deps.config;
  const runner = jobRunnerFor(deps);
  const logger = log('sync');

  runner.register<FullSyncJobData>(FULL_SYNC_JOB, async ({ data }) => {
    try {
      await runFullSync(deps, { syncRunId: data.syncRunId });
    } catch (err) {
      // Another instance holds the sync: nothing to retry.
      if (err instanceof SyncBusyError) return;
      throw err;
    }
  }, { schema: fullSyncData, concurrency: 1, attempts: 3, backoffMs: 30_000 });

  const wake = (delayMs?: number) =>
    runner.enqueue(WECOM_EVENTS_JOB, {}, { jobId: delayMs ? `${EVENTS_WAKE_ID}-retry` : EVENTS_WAKE_ID, delayMs }).catch((err: unknown) => logger.warn({ err }, 'could not queue callback processing'));

  runner.register(WECOM_EVENTS_JOB, async () => {
    let retryIn: number | undefined;
    await processQueuedEvents(deps, { onRetryLater: (ms) => { retryIn = Math.min(retryIn ?? ms, ms); } });
    if (retryIn !== undefined) await wake(Math.max(50, retryIn));
  }, { concurrency: 1 });

  const off = onCallbackStored(deps, (info) => {
    if (info.status === 'queued' && info.event !== 'msgaudit_notify') void wake();
  });
  deps.onClose(off);
  if (opts.CALLBACK_POLL_SECONDS > 0) await runner.schedule(WECOM_EVENTS_JOB, { everyMs: opts.CALLBACK_POLL_SECONDS * 1000 });
  if (opts.SYNC_DAILY_AT !== 'off') await runner.schedule(FULL_SYNC_JOB, { dailyAt: opts.SYNC_DAILY_AT }, {});
  // Events stored while no process was running.
  void wake();
}

/** Queues a full sync of the given run (or the next resumable/new one); resolves to the job id. */
export async function enqueueFullSync(deps: AppDeps, syncRunId: number): Promise<string> {
  await registerSyncJobs(deps);
  return jobRunnerFor(deps).enqueue<FullSyncJobData>(FULL_SYNC_JOB, { syncRunId }, { jobId: `sync-run-${syncRunId}` });
}
