import type { AppDeps } from '@server/context.ts';
import { subscribe } from '@server/events.ts';
import { jobRunnerFor } from '@server/jobs/index.ts';
import { log } from '@server/logger.ts';
import { runRfmRecompute } from './recompute.ts';

export const RFM_JOB = 'rfm-recompute';
/** Nightly, Asia/Shanghai, after the night's syncs. */
export const RFM_DAILY_AT = '03:30';

const registered = new WeakSet<AppDeps>();

/**
 * Registers the full recompute with the job runner (BullMQ over Redis when configured, so one
 * instance runs it), schedules it nightly and queues one after every bulk order import.
 * Idempotent per deps.
 */
export async function registerJobs(deps: AppDeps): Promise<void> {
  if (registered.has(deps)) return;
  registered.add(deps);
  const runner = jobRunnerFor(deps);
  runner.register<{ trigger?: 'schedule' | 'import' | 'api' }>(RFM_JOB, async ({ data }) => {
    await runRfmRecompute(deps.ds, { trigger: data?.trigger ?? 'schedule' });
  });
  const off = subscribe(deps, 'orders.imported', () => enqueueRfm(deps, 'import'));
  deps.onClose(off);
  await runner.schedule(RFM_JOB, { dailyAt: RFM_DAILY_AT }, { trigger: 'schedule' });
}

/** Queues one recompute (deduplicated while one is waiting), e.g. after an import. */
export async function enqueueRfm(deps: AppDeps, trigger: 'import' | 'api'): Promise<void> {
  try {
    await registerJobs(deps);
    await jobRunnerFor(deps).enqueue(RFM_JOB, { trigger }, { jobId: 'rfm-recompute-pending' });
  } catch (err) {
    log('rfm').warn({ err }, 'could not queue an rfm recompute');
  }
}
