import { z } from 'zod';
import { RFM_SEGMENTS } from '@shared/enums.ts';
import { rfmSettingsSchema } from './settings.ts';

const triple = z.object({ r: z.number(), f: z.number(), m: z.number() });

/** GET /api/rfm/runs/latest — how the current tiers were drawn (null before the first run). */
export const rfmRunResponseSchema = z.object({
  id: z.number().int(),
  computedAt: z.string(),
  triggeredBy: z.string(),
  mode: z.enum(['percentiles', 'fixed']),
  windowDays: z.number().int(),
  churnSilenceDays: z.number().int(),
  /** Ascending cut points per metric: R in days, F in orders, M in fen. */
  cutPoints: z.object({ r: z.array(z.number()), f: z.array(z.number()), m: z.array(z.number()) }),
  /** Mean score (1–5) over scored customers; a score at or above it counts as "high". */
  means: triple,
  segments: z.array(z.object({ segment: z.enum(RFM_SEGMENTS), label: z.string(), count: z.number().int() })),
  customerCount: z.number().int(),
  scoredCount: z.number().int(),
  changedCount: z.number().int(),
  durationMs: z.number().int(),
});
export type RfmRunResponse = z.infer<typeof rfmRunResponseSchema>;
export const rfmLatestRunResponseSchema = z.object({ run: rfmRunResponseSchema.nullable() });
export type RfmLatestRunResponse = z.infer<typeof rfmLatestRunResponseSchema>;

/** GET/PUT /api/admin/settings/rfm */
export const rfmSettingsBodySchema = rfmSettingsSchema;
export const rfmSettingsResponseSchema = z.object({ settings: rfmSettingsSchema });
export type RfmSettingsResponse = z.infer<typeof rfmSettingsResponseSchema>;
