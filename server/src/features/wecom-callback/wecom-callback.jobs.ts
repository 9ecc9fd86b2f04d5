import type { AppDeps } from '@server/context.ts';
import { subscribe } from '@server/events.ts';
import { jobRunnerFor } from '@server/jobs/index.ts';
import { log } from '@server/logger.ts';
import { processQueuedEvents } from './processor.ts';

export const WECOM_EVENTS_JOB = 'wecom.events';
/** Dedupe id of the "process the callback queue" wake-up: one waiting run at a time. */
const EVENTS_WAKE_ID = 'wecom-events-wake';

const registered = new WeakSet<AppDeps>();

/**
 * Queues a run of `wecom.events` now, or at `at`. Timed wake-ups are deduped
 * per target second, so an earlier retry is never hidden behind a later one
 * that is already waiting.
 */
export function wakeEventProcessor(deps: AppDeps, at?: Date): Promise<void> {
  const delayMs = at ? Math.max(50, at.getTime() - Date.now()) : undefined;
  const jobId = at ? `${EVENTS_WAKE_ID}-at-${Math.floor(at.getTime() / 1000)}` : EVENTS_WAKE_ID;
  return jobRunnerFor(deps)
    .enqueue(WECOM_EVENTS_JOB, {}, { jobId, delayMs })
    .then(
      () => undefined,
      (err: unknown) => log('sync').warn({ err }, 'could not queue callback processing'),
    );
}

/**
 * Registers `wecom.events`, the callback processor, on the process's job runner
 * (idempotent per deps): woken right after the receiver stores an event, at the
 * next retry time of a failed one (kept in wecom_event, so it survives restarts),
 * polled every CALLBACK_POLL_SECONDS (0 = off), and once now for events stored
 * or due while no process was running. msgaudit_notify carries nothing to apply
 * here (the archive listens for it), so it waits for the poll.
 */
export async function registerJobs(deps: AppDeps): Promise<void> {
  if (registered.has(deps)) return;
  registered.add(deps);
  const runner = jobRunnerFor(deps);

  runner.register(
    WECOM_EVENTS_JOB,
    async () => {
      const { nextAttemptAt } = await processQueuedEvents(deps);
      if (nextAttemptAt) await wakeEventProcessor(deps, nextAttemptAt);
    },
    { concurrency: 1 },
  );

  const off = subscribe(deps, 'callback.stored', (info) => {
    if (info.status === 'queued' && info.event !== 'msgaudit_notify') void wakeEventProcessor(deps);
  });
  deps.onClose(off);
  if (deps.config.CALLBACK_POLL_SECONDS > 0) await runner.schedule(WECOM_EVENTS_JOB, { everyMs: deps.config.CALLBACK_POLL_SECONDS * 1000 });
  void wakeEventProcessor(deps);
}
