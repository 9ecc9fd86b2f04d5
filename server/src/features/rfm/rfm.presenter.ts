import { RFM_SEGMENT_LABELS, RFM_SEGMENTS } from '@shared/enums.ts';
import type { RfmRunResponse } from '@shared/rfm/api.ts';
import type { RfmRun } from '@server/entities/RfmRun.ts';

/** An rfm_run row as the API shows it (segments in their fixed order with Chinese labels). */
export function presentRfmRun(run: RfmRun): RfmRunResponse {
  return {
    id: run.id,
    computedAt: run.computedAt.toISOString(),
    triggeredBy: run.triggeredBy,
    mode: run.mode,
    windowDays: run.windowDays,
    churnSilenceDays: run.churnSilenceDays,
    cutPoints: run.cutPoints,
    means: run.means,
    segments: RFM_SEGMENTS.map((segment) => ({ segment, label: RFM_SEGMENT_LABELS[segment], count: run.segmentCounts[segment] ?? 0 })),
    customerCount: run.customerCount,
    scoredCount: run.scoredCount,
    changedCount: run.changedCount,
    durationMs: run.durationMs,
  };
}
