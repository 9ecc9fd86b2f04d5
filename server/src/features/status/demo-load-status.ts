import type { DemoLoadStatus } from '@shared/api/status.ts';
import type { AppDeps } from '@server/context.ts';
import { DEMO_LOAD_PARTS } from '@server/demo/load/load-parts.ts';
import { readDemoLoadState } from '@server/demo/load/load-state.ts';
import { demoLoadProgress } from '@server/demo/load/run-load.ts';

/** Each part of the demo load: done (when, how long, what it wrote), running now, failed last time, or still to come. */
export async function demoLoadStatus(deps: AppDeps): Promise<DemoLoadStatus> {
  const state = await readDemoLoadState(deps.ds);
  const running = demoLoadProgress(deps).running;
  const parts = DEMO_LOAD_PARTS.map((part) => {
    const done = state?.parts[part.name];
    const status: DemoLoadStatus['parts'][number]['status'] = done
      ? 'done'
      : running === part.name
        ? 'running'
        : state?.lastError?.part === part.name
          ? 'failed'
          : 'pending';
    return { name: part.name, label: part.label, status, doneAt: done?.doneAt ?? null, ms: done?.ms ?? null, counts: done?.counts ?? {} };
  });
  return {
    anchor: state?.anchor ?? null,
    complete: parts.every((p) => p.status === 'done'),
    parts,
    lastError: state?.lastError ?? null,
  };
}
