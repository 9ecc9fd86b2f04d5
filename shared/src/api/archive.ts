import { z } from 'zod';
import { strictTime } from './dates.ts';
import { idSchema, isoDate, pageSchema, staffRefSchema } from './page.ts';

/** GET /api/customers/:id/chat — query: keyset cursor, text search, which guide's chat (default: the actor). */
export const chatQuerySchema = z.object({
  cursor: z.string().max(256).optional(),
  q: z.string().trim().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  /** Managers/admins may read a guide of their scope's chat with the customer. */
  staffId: idSchema.optional(),
});
export type ChatQuery = z.infer<typeof chatQuerySchema>;

/** One archived message of a 1v1 transcript. */
export const chatMessageSchema = z.object({
  msgid: z.string(),
  /** in = customer → guide, out = guide → customer. */
  direction: z.enum(['in', 'out']),
  msgtype: z.string(),
  /** Plain text (text, link title…); null for images, files… */
  text: z.string().nullable(),
  /** Short Chinese label for non-text messages, e.g. [图片]. */
  label: z.string(),
  at: isoDate,
  /** Recalled by the sender (撤回). */
  revoked: z.boolean(),
  /** Sensitive words this outgoing message matched. */
  flags: z.array(z.string()),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** 聊天记录: newest first. */
export const chatResponseSchema = pageSchema(chatMessageSchema).extend({
  staff: staffRefSchema,
  consent: z.enum(['agree', 'disagree', 'unknown']),
  consentLabel: z.string(),
});
export type ChatResponse = z.infer<typeof chatResponseSchema>;

/** GET /api/customers/:id/archive-consent — 1v1 consent with each following guide. */
export const archiveConsentResponseSchema = z.object({
  customerId: z.number().int(),
  /** The actor's own consent state (what the profile shows), null when the actor does not follow the customer. */
  mine: z.object({ status: z.enum(['agree', 'disagree', 'unknown']), label: z.string(), changedAt: isoDate.nullable() }).nullable(),
  items: z.array(
    z.object({
      staff: staffRefSchema,
      status: z.enum(['agree', 'disagree', 'unknown']),
      /** 已同意存档 | 未同意 */
      label: z.string(),
      changedAt: isoDate.nullable(),
    }),
  ),
});
export type ArchiveConsentResponse = z.infer<typeof archiveConsentResponseSchema>;

/** Admin: sensitive words. */
export const sensitiveWordSchema = z.object({
  id: z.number().int(),
  word: z.string(),
  createdBy: z.string().nullable(),
  createdAt: isoDate,
});
export type SensitiveWordDto = z.infer<typeof sensitiveWordSchema>;
export const sensitiveWordListSchema = z.object({ items: z.array(sensitiveWordSchema) });
export const createSensitiveWordSchema = z.object({ word: z.string().trim().min(1).max(64) });

/** GET /api/archive/flags — outgoing guide messages that matched a sensitive word, newest first. */
export const flagQuerySchema = z.object({
  cursor: z.string().max(256).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  staffId: idSchema.optional(),
});
export const archiveFlagSchema = z.object({
  id: z.number().int(),
  msgid: z.string(),
  word: z.string(),
  excerpt: z.string(),
  at: isoDate,
  staff: staffRefSchema.nullable(),
  customer: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  roomid: z.string().nullable(),
});
export type ArchiveFlagDto = z.infer<typeof archiveFlagSchema>;
export const archiveFlagPageSchema = pageSchema(archiveFlagSchema);

/** GET /api/archive/reply-stats — per guide per day first-reply metrics (see docs/archive.md for definitions). */
export const replyStatsQuerySchema = z.object({
  from: strictTime('开始日期 from', 'day'),
  to: strictTime('结束日期 to', 'day'),
  staffId: idSchema.optional(),
});
export const replyStatsRowSchema = z.object({
  staffId: z.number().int(),
  day: z.string(),
  /** Conversation turns opened by the customer that day. */
  chats: z.number().int(),
  replied: z.number().int(),
  unanswered: z.number().int(),
  /** replied / chats × 100, two decimals (WeCom's reply_percentage). */
  replyPercentage: z.number().nullable(),
  /** Mean seconds to the guide's first reply over replied turns (WeCom's avg_reply_time is minutes). */
  avgFirstReplySeconds: z.number().nullable(),
});
export const replyStatsResponseSchema = z.object({ items: z.array(replyStatsRowSchema) });
export type ReplyStatsRow = z.infer<typeof replyStatsRowSchema>;

/** GET /api/archive/status (admin). */
export const archiveStatusSchema = z.object({
  configured: z.boolean(),
  reason: z.string().nullable(),
  seq: z.number().int(),
  messagesTotal: z.number().int(),
  lastPullAt: isoDate.nullable(),
  lastError: z.string().nullable(),
  pulling: z.boolean(),
});
