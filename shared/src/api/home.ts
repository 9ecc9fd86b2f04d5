import { z } from 'zod';
import { followUpSchema } from './follow-ups.ts';

/** A reminder on the home page: the follow-up plus who it is about. */
export const homeReminderSchema = z.object({
  followUp: followUpSchema,
  customer: z.object({
    id: z.number().int(),
    name: z.string(),
    remark: z.string().nullable(),
    avatar: z.string().nullable(),
  }),
});
export type HomeReminder = z.infer<typeof homeReminderSchema>;

/** GET /api/home — the actor's open reminders due by the end of today (overdue first), and counts. */
export const homeResponseSchema = z.object({
  /** Asia/Shanghai date the counts refer to (YYYY-MM-DD). */
  today: z.string(),
  counts: z.object({
    myCustomers: z.number().int(),
    newToday: z.number().int(),
    remindersDue: z.number().int(),
    overdue: z.number().int(),
  }),
  reminders: z.array(homeReminderSchema),
});
export type HomeResponse = z.infer<typeof homeResponseSchema>;
