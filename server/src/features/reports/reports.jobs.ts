import type { AppDeps } from '@server/context.ts';
import { jobRunnerFor } from '@server/jobs/index.ts';
import { refreshRecentRollup } from './rollup.ts';

export const ROLLUP_JOB = 'reports.rollup-recent';

/** Keeps today's and yesterday's staff_daily_stats current every few minutes (idempotent recompute). */
export async function registerJobs(deps: AppDeps): Promise<void> {
  const runner = jobRunnerFor(deps);
  runner.register(ROLLUP_JOB, async () => refreshRecentRollup(deps.ds));
  await runner.schedule(ROLLUP_JOB, { everyMs: 5 * 60_000 });
}
