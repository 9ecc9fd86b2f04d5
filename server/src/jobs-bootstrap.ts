import type { AppDeps } from './context.ts';
import { FEATURE_JOBS } from './features/index.ts';

/**
 * Registers every feature's background jobs and schedules (the list in features/index.ts),
 * or only those of the features named in `only`. The server calls this at start with every
 * feature; tests call it only when they test jobs, naming the features they need.
 */
export async function registerFeatureJobs(deps: AppDeps, { only }: { only?: readonly string[] } = {}): Promise<string[]> {
  const unknown = only?.filter((name) => !FEATURE_JOBS.some(([n]) => n === name)) ?? [];
  if (unknown.length > 0) throw new Error(`no jobs registered by feature(s) ${unknown.join(', ')}`);
  const chosen = only ? FEATURE_JOBS.filter(([name]) => only.includes(name)) : FEATURE_JOBS;
  for (const [, register] of chosen) await register(deps);
  return chosen.map(([name]) => name);
}
