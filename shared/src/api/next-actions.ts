import { z } from 'zod';

/** One suggested action at a key moment (关键时刻) with the scripts that fit it. */
export const nextActionSchema = z.object({
  /** The rule that fired (nba_rule.code). */
  code: z.string(),
  title: z.string(),
  /** Why, in Chinese, with the customer's facts filled in. */
  reason: z.string(),
  priority: z.number().int(),
  /** Recommended script ids, best first (at most 3); the scripts' titles alongside. */
  scriptIds: z.array(z.number().int()),
  scripts: z.array(z.object({ id: z.number().int(), title: z.string() })),
});
export type NextAction = z.infer<typeof nextActionSchema>;

/** GET /api/customers/:id/next-actions — at most three, highest priority first. */
export const nextActionsResponseSchema = z.object({ items: z.array(nextActionSchema).max(3) });
export type NextActionsResponse = z.infer<typeof nextActionsResponseSchema>;
