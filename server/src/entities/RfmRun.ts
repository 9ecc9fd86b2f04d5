import { EntitySchema } from 'typeorm';
import type { RfmSegment } from '@shared/enums.ts';
import type { CutPoints, RfmMeans } from '@shared/rfm/score.ts';
import { col } from '@server/db/columns.ts';

/** One RFM recompute: how the tiers were drawn, so a manager can see why a customer is where they are. */
export interface RfmRun {
  id: number;
  computedAt: Date;
  triggeredBy: 'cli' | 'schedule' | 'import' | 'api' | 'test';
  status: 'running' | 'succeeded' | 'failed';
  mode: 'percentiles' | 'fixed';
  windowDays: number;
  churnSilenceDays: number;
  cutPoints: CutPoints;
  means: RfmMeans;
  segmentCounts: Record<RfmSegment, number>;
  customerCount: number;
  scoredCount: number;
  changedCount: number;
  durationMs: number;
  createdAt: Date;
}

export const RfmRunEntity = new EntitySchema<RfmRun>({
  name: 'RfmRun',
  tableName: 'rfm_run',
  columns: {
    id: col.id(),
    computedAt: col.date(),
    triggeredBy: col.str(16),
    status: col.str(16),
    mode: col.str(16),
    windowDays: col.int(),
    churnSilenceDays: col.int(),
    cutPoints: col.json(),
    means: col.json(),
    segmentCounts: col.json(),
    customerCount: { type: 'int', default: 0 },
    scoredCount: { type: 'int', default: 0 },
    changedCount: { type: 'int', default: 0 },
    durationMs: { type: 'int', default: 0 },
    createdAt: col.createdAt(),
  },
});
