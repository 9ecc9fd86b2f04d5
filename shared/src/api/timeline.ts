import { z } from 'zod';
import { INTERACTION_SOURCES, INTERACTION_TYPES } from '@shared/enums.ts';
import { cursorQuerySchema, isoDate, pageSchema } from './page.ts';

/** GET /api/customers/:id/timeline?cursor=&limit=&types=message_in,note — newest first. */
export const timelineQuerySchema = cursorQuerySchema.extend({
  /** Comma-separated interaction types to keep; all when absent. */
  types: z
    .string()
    .max(512)
    .optional()
    .transform((s) =>
      s
        ? s
            .split(',')
            .map((t) => t.trim())
            .filter((t) => t.length > 0)
        : undefined,
    )
    .pipe(z.array(z.enum(INTERACTION_TYPES)).optional()),
});
export type TimelineQuery = z.input<typeof timelineQuerySchema>;

/**
 * Display fields per interaction type (all optional; which ones are set depends on `type`):
 * messages → text/msgtype; tags → tagNames; note/follow_up_done → content/remindAt/followUpId;
 * script_sent → scriptTitle/scriptType/text; remark_changed → remark/description;
 * orders → orderNo/amount (fen); group_* → groupName; segment_changed → fromSegment/toSegment labels;
 * friend_added/lost → addWayLabel/lostReasonLabel; transferred → fromName/toName.
 */
export const timelineDetailSchema = z.object({
  text: z.string().optional(),
  msgtype: z.string().optional(),
  tagNames: z.array(z.string()).optional(),
  content: z.string().optional(),
  remindAt: isoDate.nullable().optional(),
  followUpId: z.number().int().optional(),
  scriptId: z.number().int().optional(),
  scriptTitle: z.string().optional(),
  scriptType: z.string().optional(),
  remark: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  orderNo: z.string().optional(),
  amount: z.number().int().optional(),
  groupId: z.number().int().optional(),
  groupName: z.string().optional(),
  fromSegment: z.string().nullable().optional(),
  toSegment: z.string().nullable().optional(),
  addWayLabel: z.string().optional(),
  /** friend_added through a channel code: the channel's name (never its key). */
  channelName: z.string().optional(),
  lostReasonLabel: z.string().optional(),
  fromName: z.string().optional(),
  toName: z.string().optional(),
  /** profile_updated: each field changed, as shown. */
  changes: z.array(z.object({ label: z.string(), value: z.string().nullable(), previous: z.string().nullable() })).optional(),
});
export type TimelineDetail = z.infer<typeof timelineDetailSchema>;

export const timelineItemSchema = z.object({
  id: z.number().int(),
  type: z.enum(INTERACTION_TYPES),
  /** Chinese label of the type, e.g. 打标签. */
  typeLabel: z.string(),
  occurredAt: isoDate,
  source: z.enum(INTERACTION_SOURCES),
  staff: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  /** One Chinese line, e.g. 「张导购 添加标签：高意向、VIP」. */
  summary: z.string(),
  detail: timelineDetailSchema,
});
export type TimelineItem = z.infer<typeof timelineItemSchema>;
export const timelineResponseSchema = pageSchema(timelineItemSchema);
export type TimelineResponse = z.infer<typeof timelineResponseSchema>;
