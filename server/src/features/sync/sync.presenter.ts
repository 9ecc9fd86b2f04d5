import type { SyncRun } from '@server/entities/SyncRun.ts';
import type { SyncRunDto } from './sync.schema.ts';

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** A sync_run row as the API shows it (the checkpoint stays internal). */
export function presentSyncRun(run: SyncRun): SyncRunDto {
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    stage: run.stage,
    progress: { done: run.progressDone, total: run.progressTotal },
    counts: run.counts ?? {},
    error: run.error,
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    createdAt: new Date(run.createdAt).toISOString(),
  };
}
