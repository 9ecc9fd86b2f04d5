import { z } from 'zod';
import { strictTime } from './dates.ts';
import { isoDate } from './page.ts';

/** A 跟进记录 with its optional reminder. */
export const followUpSchema = z.object({
  id: z.number().int(),
  customerId: z.number().int(),
  staff: z.object({ id: z.number().int(), name: z.string() }),
  content: z.string(),
  remindAt: isoDate.nullable(),
  doneAt: isoDate.nullable(),
  createdAt: isoDate,
  /** Written by the actor (only the owner may mark it done). */
  mine: z.boolean(),
  /** Reminder time passed and not done. */
  overdue: z.boolean(),
});
export type FollowUp = z.infer<typeof followUpSchema>;

/** GET /api/customers/:id/follow-ups — newest first (open reminders are not separated). */
export const followUpsResponseSchema = z.object({ items: z.array(followUpSchema) });
export type FollowUpsResponse = z.infer<typeof followUpsResponseSchema>;

/** POST /api/customers/:id/follow-ups — also writes a `note` interaction. remindAt: ISO datetime. */
export const createFollowUpRequestSchema = z.object({
  content: z.string().trim().min(1).max(2000),
  remindAt: strictTime('提醒时间 remindAt', 'datetime_offset').nullable().optional(),
});
export type CreateFollowUpRequest = z.infer<typeof createFollowUpRequestSchema>;

/** PATCH /api/follow-ups/:id — owner only; writes `follow_up_done`. */
export const updateFollowUpRequestSchema = z.object({ done: z.literal(true) });
export type UpdateFollowUpRequest = z.infer<typeof updateFollowUpRequestSchema>;

/** Response of both POST and PATCH. */
export const followUpResponseSchema = z.object({ followUp: followUpSchema });
export type FollowUpResponse = z.infer<typeof followUpResponseSchema>;
