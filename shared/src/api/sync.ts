import { z } from 'zod';
import { SYNC_STATUSES } from '@shared/enums.ts';

/** Stages of a full sync, in order. */
export const SYNC_STAGE_NAMES = ['directory', 'follow_users', 'customers', 'tags', 'groups', 'behavior', 'reconcile'] as const;

/** One sync run as GET /api/admin/sync(/:id) returns it. */
export const syncRunSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  status: z.enum(SYNC_STATUSES),
  /** Current (or last) stage; null before the run started. */
  stage: z.string().nullable(),
  /** Progress within the current stage (total 0 = unknown). */
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  /** Per-entity counts (staffTotal, customersTotal, followsActive, followsCreated, followsLost, apiCalls, written, ms…). */
  counts: z.record(z.string(), z.number()),
  error: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type SyncRunDto = z.infer<typeof syncRunSchema>;

/** POST /api/admin/sync — no body. Answers the queued (or already running) run. */
export const startSyncResponseSchema = z.object({
  id: z.number().int(),
  status: z.enum(SYNC_STATUSES),
  /** true when a run was already queued/running: no second run was started. */
  alreadyRunning: z.boolean(),
  /** true when an interrupted run continues from its checkpoint. */
  resumed: z.boolean(),
});
export type StartSyncResponse = z.infer<typeof startSyncResponseSchema>;

export const syncRunListQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });
export const syncRunListResponseSchema = z.object({ items: z.array(syncRunSchema) });
export type SyncRunListResponse = z.infer<typeof syncRunListResponseSchema>;
