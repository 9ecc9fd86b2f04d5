import type { AppDeps } from './context.ts';
import { FEATURE_JOBS } from './features/index.ts';

/**
 * Registers every feature's background jobs and schedules (the list in features/index.ts).
 * The server calls this at start; tests call it only when they test jobs.
 */
export async function registerFeatureJobs(deps: AppDeps): Promise<string[]> {
  for (const [, register] of FEATURE_JOBS) await register(deps);
  return FEATURE_JOBS.map(([name]) => name);
}
