import { resolve } from 'node:path';
import type { AppDeps } from './context.ts';
import { importAll } from './lib/discover.ts';

/**
 * Registers every feature's background jobs and schedules: each
 * `features/<name>/<name>.jobs.ts` exports `registerJobs(deps)`.
 * The server calls this at start; tests call it only when they test jobs.
 */
export async function registerFeatureJobs(deps: AppDeps): Promise<string[]> {
  const modules = await importAll(resolve(import.meta.dirname, 'features'), /\.jobs\.ts$/, { recursive: true });
  const registered: string[] = [];
  for (const { file, mod } of modules) {
    const register = mod.registerJobs;
    if (typeof register !== 'function') throw new Error(`${file} must export registerJobs(deps)`);
    await (register as (deps: AppDeps) => Promise<void> | void)(deps);
    registered.push(file);
  }
  return registered;
}
