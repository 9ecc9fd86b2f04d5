import { z } from 'zod';

/** GET /api/admin/wecom-events — the WeCom callback queue at a glance (admin). */
export const wecomEventQueueSchema = z.object({
  /** Waiting for their first try. */
  queued: z.number().int(),
  /** Failed at least once and waiting for a retry (they are retried for a day). */
  retrying: z.object({
    count: z.number().int(),
    /** The earliest next try (ISO); null when none is waiting. */
    nextAttemptAt: z.string().nullable(),
    /** When the oldest of them began failing (ISO). */
    failingSince: z.string().nullable(),
  }),
  /** Given up on after a day of failures; an admin can replay them. */
  failed: z.number().int(),
});
export type WecomEventQueue = z.infer<typeof wecomEventQueueSchema>;

/** POST /api/admin/wecom-events/replay — re-queue failed events: the given ids, or every failed one. */
export const replayWecomEventsBodySchema = z.union([
  z.object({ ids: z.array(z.number().int().positive()).min(1).max(500) }),
  z.object({ all: z.literal(true) }),
]);
export type ReplayWecomEventsBody = z.infer<typeof replayWecomEventsBodySchema>;

export const replayWecomEventsResponseSchema = z.object({
  /** How many failed events were queued again (ids that were not failed are skipped). */
  requeued: z.number().int(),
});
export type ReplayWecomEventsResponse = z.infer<typeof replayWecomEventsResponseSchema>;
