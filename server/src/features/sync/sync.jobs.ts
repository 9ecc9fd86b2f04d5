import type { AppDeps } from '../../context.ts';
import { registerSyncJobs } from '../../sync/jobs.ts';

/** Full sync job, callback processing (woken on every stored event, polled) and the daily full sync. */
export async function registerJobs(deps: AppDeps): Promise<void> {
  await registerSyncJobs(deps);
}
