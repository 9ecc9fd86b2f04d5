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
 * Registers `wecom.events`, the callback processor, on the process's job runner
 * (idempotent per deps): woken right after the receiver stores an event, polled
 * every CALLBACK_POLL_SECONDS (0 = off), and once now for events stored while
 * no process was running. msgaudit_notify carries nothing to apply here (the
 * archive listens for it), so it waits for the poll.
 */
export async function registerJobs(deps: AppDeps): Promise<void> {
  if (registered.has(deps)) return;
  registered.add(deps);
  const runner = jobRunnerFor(deps);
  const logger = log('sync');

  const wake = (delayMs?: number) =>
    runner.enqueue(WECOM_EVENTS_JOB, {}, { jobId: delayMs ? `${EVENTS_WAKE_ID}-retry` : EVENTS_WAKE_ID, delayMs }).catch((err: unknown) => logger.warn({ err }, 'could not queue callback processing'));

  runner.register(WECOM_EVENTS_JOB, async () => {
    let retryIn: number | undefined;
    await processQueuedEvents(deps, { onRetryLater: (ms) => { retryIn = Math.min(retryIn ?? ms, ms); } });
    if (retryIn !== undefined) await wake(Math.max(50, retryIn));
  }, { concurrency: 1 });

  const off = subscribe(deps, 'callback.stored', (info) => {
    if (info.status === 'queued' && info.event !== 'msgaudit_notify') void wake();
  });
  deps.onClose(off);
  if (deps.config.CALLBACK_POLL_SECONDS > 0) await runner.schedule(WECOM_EVENTS_JOB, { everyMs: deps.config.CALLBACK_POLL_SECONDS * 1000 });
  void wake();
}
