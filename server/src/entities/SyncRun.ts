import { EntitySchema } from 'typeorm';
import type { SyncStatus } from '@shared/enums.ts';
import { col } from '@server/db/columns.ts';

/** One run of a sync (or other long job); checkpoint lets a killed run resume. */
export interface SyncRun {
  id: number;
  kind: string;
  status: SyncStatus;
  stage: string | null;
  progressDone: number;
  progressTotal: number;
  counts: Record<string, number>;
  checkpoint: Record<string, unknown> | null;
  error: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
  /** The kind while the run is queued or running, null once it ended: a unique index keeps one active run per kind. */
  activeKey: string | null;
  /** Instance that runs (or last ran) it. */
  owner: string | null;
  /** Times a live instance resumed it after its runner died. */
  takeovers: number;
  /** The instance it was last taken over from. */
  takenOverFrom: string | null;
}

export const SyncRunEntity = new EntitySchema<SyncRun>({
  name: 'SyncRun',
  tableName: 'sync_run',
  columns: {
    id: col.id(),
    kind: col.str(32),
    status: col.str(16),
    stage: col.str(32, true),
    progressDone: { type: 'int', default: 0 },
    progressTotal: { type: 'int', default: 0 },
    counts: col.json(),
    checkpoint: col.json(true),
    error: col.text(true),
    startedAt: col.date(true),
    finishedAt: col.date(true),
    createdAt: col.createdAt(),
    activeKey: col.str(16, true),
    owner: col.str(64, true),
    takeovers: { type: 'int', default: 0 },
    takenOverFrom: col.str(64, true),
  },
});
