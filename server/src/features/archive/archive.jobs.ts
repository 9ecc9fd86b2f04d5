import type { AppDeps } from '@server/context.ts';
import { subscribe } from '@server/events.ts';
import { jobRunnerFor } from '@server/jobs/index.ts';
import { log } from '@server/logger.ts';
import { archiveReasonFor, runArchivePull } from './archive-pull.ts';

export const ARCHIVE_PULL_JOB = 'archive.pull';
/** One job id for every trigger: while a pull is waiting, more triggers add nothing (coalescing). */
const PENDING_ID = 'archive.pull:pending';

const registered = new WeakSet<AppDeps>();

/**
 * Registers the archive pull job, its periodic schedule (ARCHIVE_PULL_INTERVAL_SECONDS,
 * 0 = off) and the msgaudit_notify wake-up. Idempotent per deps. The lease in
 * archive_checkpoint keeps it to one puller across instances whatever the runner.
 */
export async function registerJobs(deps: AppDeps): Promise<void> {
  if (registered.has(deps)) return;
  registered.add(deps);
  const logger = log('archive');
  const reason = archiveReasonFor(deps);
  if (reason) logger.info({ reason }, 'session archive not pulled automatically');
  const runner = jobRunnerFor(deps);
  runner.register<{ trigger?: string }>(
    ARCHIVE_PULL_JOB,
    async ({ data }) => {
      const result = await runArchivePull(deps);
      if (result !== 'unconfigured' && result.inserted > 0)
        logger.info({ trigger: data?.trigger, inserted: result.inserted, toSeq: result.toSeq }, 'archive pulled');
    },
    { attempts: 3, backoffMs: 5000 },
  );
  const everyMs = deps.config.ARCHIVE_PULL_INTERVAL_SECONDS * 1000;
  if (everyMs > 0) await runner.schedule(ARCHIVE_PULL_JOB, { everyMs }, { trigger: 'schedule' });
  // Wake at once when the receiver stores a msgaudit_notify (the event carries no data).
  const off = subscribe(deps, 'callback.stored', (info) => {
    if (info.event === 'msgaudit_notify') void handleMsgauditNotify(deps);
  });
  deps.onClose(off);
}

/**
 * What to do with a msgaudit_notify event: queue one coalesced pull. Safe to
 * call for every delivery (the sync processor may call it when it works the
 * wecom_event queue, then mark the event processed).
 */
export async function handleMsgauditNotify(deps: AppDeps): Promise<void> {
  try {
    await registerJobs(deps);
    await jobRunnerFor(deps).enqueue(ARCHIVE_PULL_JOB, { trigger: 'notify' }, { jobId: PENDING_ID });
  } catch (err) {
    log('archive').warn({ err }, 'could not queue an archive pull');
  }
}

/** Queues a pull now (API / admin trigger), coalesced with any waiting one. */
export async function enqueueArchivePull(deps: AppDeps, trigger: string): Promise<void> {
  await registerJobs(deps);
  await jobRunnerFor(deps).enqueue(ARCHIVE_PULL_JOB, { trigger }, { jobId: PENDING_ID });
}
