import { z } from 'zod';
import { strictTime } from './dates.ts';
import { idSchema } from './page.ts';

const day = strictTime('日期', 'day');

/** A day range of at most 180 days, `to` inclusive. */
export const dayRangeQuerySchema = z
  .object({ from: day, to: day })
  .refine((r) => r.from <= r.to, { message: '开始日期不能晚于结束日期', path: ['from'] })
  .refine((r) => (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000 < 180, { message: '时间范围不能超过 180 天', path: ['to'] });

export const reportFormatSchema = z.enum(['json', 'csv']).default('json');

export const teamReportQuerySchema = z.object({
  from: day,
  to: day,
  departmentId: idSchema.optional(),
  format: reportFormatSchema,
});

/** The metrics of one guide (or the totals) over a period. */
export const teamMetricsSchema = z.object({
  newCustomers: z.number(),
  lostByCustomer: z.number(),
  lostByStaff: z.number(),
  netCustomers: z.number(),
  chats: z.number(),
  messagesSent: z.number(),
  messagesReceived: z.number(),
  turnsOpened: z.number(),
  turnsReplied: z.number(),
  unanswered: z.number(),
  /** replied turns ÷ opened turns, 0..1; null when no turn was opened. */
  repliedRatio: z.number().nullable(),
  /** average first-reply time in seconds over replied turns; null when none. */
  avgFirstReplySeconds: z.number().nullable(),
  scriptsSent: z.number(),
  tagsApplied: z.number(),
  followUpsWritten: z.number(),
  remindersDone: z.number(),
  remindersOverdue: z.number(),
  buyers: z.number(),
  orders: z.number(),
  gmv: z.number(),
  wecomChatCnt: z.number(),
  wecomMessageCnt: z.number(),
  wecomReplyPercentage: z.number().nullable(),
  wecomAvgReplyTime: z.number().nullable(),
  wecomNegativeFeedbackCnt: z.number(),
  wecomNewApplyCnt: z.number(),
  wecomNewContactCnt: z.number(),
});
export type TeamMetrics = z.infer<typeof teamMetricsSchema>;

export const teamReportRowSchema = z.object({
  staff: z.object({ id: z.number(), userid: z.string(), name: z.string(), department: z.string().nullable() }),
  current: teamMetricsSchema,
  previous: teamMetricsSchema,
});
export const teamReportSchema = z.object({
  from: day,
  to: day,
  previousFrom: day,
  previousTo: day,
  rows: z.array(teamReportRowSchema),
  totals: z.object({ current: teamMetricsSchema, previous: teamMetricsSchema }),
});
export type TeamReport = z.infer<typeof teamReportSchema>;

export const trendQuerySchema = z.object({
  from: day,
  to: day,
  staffId: idSchema.optional(),
});
export const trendSchema = z.object({
  days: z.array(z.string()),
  series: z.array(z.object({ day: day, metrics: teamMetricsSchema })),
});
export type Trend = z.infer<typeof trendSchema>;

export const customerValueSchema = z.object({
  rows: z.array(
    z.object({
      staff: z.object({ id: z.number(), name: z.string() }),
      segments: z.record(z.string(), z.number()),
      total: z.number(),
    }),
  ),
});
export type CustomerValueReport = z.infer<typeof customerValueSchema>;

export const neglectedQuerySchema = z.object({
  days: z.coerce.number().int().min(1).max(365).default(14),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  format: reportFormatSchema,
});
export const neglectedCustomerSchema = z.object({
  customerId: z.number(),
  name: z.string(),
  segment: z.string(),
  segmentLabel: z.string(),
  totalSpent: z.number(),
  lastInteractionAt: z.string().nullable(),
  daysSilent: z.number().nullable(),
  staff: z.object({ id: z.number(), name: z.string() }),
});
export const neglectedSchema = z.object({ items: z.array(neglectedCustomerSchema), total: z.number() });
export type NeglectedReport = z.infer<typeof neglectedSchema>;

export const scriptReportQuerySchema = z.object({
  from: day,
  to: day,
  staffId: idSchema.optional(),
  format: reportFormatSchema,
});
export const scriptReportRowSchema = z.object({
  script: z.object({ id: z.number(), title: z.string() }),
  sends: z.number(),
  uniqueCustomers: z.number(),
  /** sends followed by a message from that customer within 24 h */
  repliedWithin24h: z.number(),
  /** sends followed by a paid order of that customer within 7 days */
  ordersWithin7d: z.number(),
  gmvWithin7d: z.number(),
});
export const scriptReportSchema = z.object({ rows: z.array(scriptReportRowSchema) });
export type ScriptReport = z.infer<typeof scriptReportSchema>;

export const groupReportQuerySchema = z.object({ from: day, to: day, format: reportFormatSchema });
export const groupReportRowSchema = z.object({
  owner: z.object({ id: z.number(), name: z.string() }),
  groups: z.number(),
  members: z.number(),
  customers: z.number(),
  newMembers: z.number(),
  messages: z.number(),
  activeMembers: z.number(),
});
export const groupReportSchema = z.object({ rows: z.array(groupReportRowSchema) });
export type GroupReport = z.infer<typeof groupReportSchema>;
