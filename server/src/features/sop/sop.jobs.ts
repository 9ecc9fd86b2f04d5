import type { AppDeps } from '@server/context.ts';
import { jobRunnerFor } from '@server/jobs/index.ts';
import { generateSopTasks } from './generate.ts';

export const SOP_GENERATE_JOB = 'sop.generate';

/**
 * Creates the SOP rules' tasks every hour (idempotent: each task has a dedupe
 * key, so a rerun or a second instance creates nothing twice). `clock` is
 * injectable so tests can run the job on the days they choose.
 */
export async function registerJobs(deps: AppDeps, clock: () => Date = () => new Date()): Promise<void> {
  const runner = jobRunnerFor(deps);
  runner.register(SOP_GENERATE_JOB, async () => ({ created: await generateSopTasks(deps.ds, clock()) }));
  await runner.schedule(SOP_GENERATE_JOB, { everyMs: 60 * 60_000 });
}
