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
  /** Instance that runs (or last ran) it (INSTANCE_ID). */
  owner: z.string().nullable(),
  /** Times a live instance resumed it after its instance went silent, and the last one it was taken from. */
  takeovers: z.number().int(),
  takenOverFrom: z.string().nullable(),
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
/** Who holds a long job across the fleet: the full sync, each corp's callback consumer, the archive puller. */
export const jobHolderSchema = z.object({
  /** 'sync.full', 'wecom.events:<corp id>', 'archive.pull'. */
  job: z.string(),
  /** Instance holding it (held), that held it and went silent (expired), or held it last (free). */
  owner: z.string().nullable(),
  state: z.enum(['held', 'expired', 'free']),
  heartbeatAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  /** The sync run it works on (sync.full). */
  runId: z.number().int().nullable(),
  takeovers: z.number().int(),
  takenOverFrom: z.string().nullable(),
});
export type JobHolder = z.infer<typeof jobHolderSchema>;

export const syncRunListResponseSchema = z.object({
  items: z.array(syncRunSchema),
  /** The instance that answered. */
  instance: z.string(),
  holders: z.array(jobHolderSchema),
});
export type SyncRunListResponse = z.infer<typeof syncRunListResponseSchema>;
