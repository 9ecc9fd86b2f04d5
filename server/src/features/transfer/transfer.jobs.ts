import type { AppDeps } from '@server/context.ts';
import { jobRunnerFor } from '@server/jobs/index.ts';
import { runTransfers } from './transfer-run.ts';

export const TRANSFER_JOB = 'transfer.run';
/** One pass waiting at a time: more triggers while one waits add nothing. */
const PENDING_ID = 'transfer.run:pending';
/** WeCom completes transfers after 24 h; polling every 10 minutes shows that soon enough. */
const POLL_EVERY_MS = 10 * 60_000;

const registered = new WeakSet<AppDeps>();

/** The transfer engine: run on demand (a new job, a retry, a transfer_fail) and on a schedule to poll WeCom's results. */
export async function registerJobs(deps: AppDeps): Promise<void> {
  if (registered.has(deps)) return;
  registered.add(deps);
  const runner = jobRunnerFor(deps);
  runner.register(TRANSFER_JOB, async () => runTransfers(deps), { attempts: 3, backoffMs: 5000 });
  await runner.schedule(TRANSFER_JOB, { everyMs: POLL_EVERY_MS });
}

/** Queues a pass of the engine now (coalesced with a waiting one). */
export async function enqueueTransferRun(deps: AppDeps): Promise<void> {
  await registerJobs(deps);
  await jobRunnerFor(deps).enqueue(TRANSFER_JOB, {}, { jobId: PENDING_ID });
}
