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

/**
 * How a report value is shown and exported: `ratio` is 0..1 and `percent` already 0..100 (both
 * exported as percent), `seconds` and `minutes` are durations (exported in minutes), `fen` is
 * money in 分 (exported in 元), `datetime` an ISO instant (exported as Asia/Shanghai local time).
 */
export type ReportValueFormat = 'text' | 'count' | 'ratio' | 'percent' | 'seconds' | 'minutes' | 'fen' | 'datetime';

/** The unit a CSV header names for each format (the table shows units inline instead). */
export const REPORT_UNITS: Partial<Record<ReportValueFormat, string>> = {
  ratio: '%',
  percent: '%',
  seconds: '分钟',
  minutes: '分钟',
  fen: '元',
};

/** One column of a report table; the sidebar table and the CSV export both read this list, in this order. */
export interface ReportColumn<Row, K extends string = string> {
  key: K;
  label: string;
  format: ReportValueFormat;
  value: (row: Row) => string | number | null;
  /** What the figure means, for managers (shown in the column picker and behind the ⓘ). */
  hint?: string;
  /** true when a smaller value is better (reply time, unanswered, lost customers). */
  lowerIsBetter?: boolean;
}

export type TeamMetricKey = keyof TeamMetrics;
export type TeamColumn = ReportColumn<TeamMetrics, TeamMetricKey>;

export const REPLY_RATE_HINT =
  '会话存档统计：客户发起的会话中导购已回复的比例（已回复会话 ÷ 客户发起会话）。' +
  '客户发来消息即开启一次会话，连续多条算同一次；导购在这次会话里的第一条回复算作回复，过了零点才回复也记在会话开启的那天。';
export const WECOM_REPLY_RATE_HINT =
  '企业微信官方统计（联系客户统计 get_user_behavior_data 的 reply_percentage）：' +
  '客户主动发起的单聊中，导购当天回复过的聊天占比，不含群聊；由企业微信按天计算，多天取平均，所以和上面的回复率不一定相同。';

const metric = (key: TeamMetricKey, label: string, format: ReportValueFormat, extra: Partial<TeamColumn> = {}): TeamColumn => ({
  key,
  label,
  format,
  value: (m) => m[key],
  ...extra,
});

/** The team table's metric columns (after 导购), in screen and CSV order. */
export const TEAM_COLUMNS: readonly TeamColumn[] = [
  metric('newCustomers', '新增客户', 'count'),
  metric('netCustomers', '净增客户', 'count', { hint: '新增客户 − 被客户删除 − 删除客户' }),
  metric('lostByCustomer', '被客户删除', 'count', { lowerIsBetter: true }),
  metric('lostByStaff', '删除客户', 'count', { lowerIsBetter: true }),
  metric('chats', '聊天客户', 'count', { hint: '有单聊消息往来的客户数（每天去重，多天相加）' }),
  metric('messagesSent', '发送消息', 'count'),
  metric('messagesReceived', '收到消息', 'count'),
  metric('turnsOpened', '客户发起会话', 'count'),
  metric('turnsReplied', '已回复会话', 'count'),
  metric('unanswered', '未回复会话', 'count', { lowerIsBetter: true }),
  metric('repliedRatio', '回复率', 'ratio', { hint: REPLY_RATE_HINT }),
  metric('avgFirstReplySeconds', '平均首次回复', 'seconds', {
    lowerIsBetter: true,
    hint: '会话存档统计：已回复的会话中，从客户第一条消息到导购第一条回复的平均时长。',
  }),
  metric('scriptsSent', '发送话术', 'count'),
  metric('tagsApplied', '打标签', 'count'),
  metric('followUpsWritten', '跟进记录', 'count'),
  metric('remindersDone', '完成提醒', 'count'),
  metric('remindersOverdue', '逾期提醒', 'count', { lowerIsBetter: true }),
  metric('buyers', '成交客户', 'count'),
  metric('orders', '订单数', 'count'),
  metric('gmv', '成交额', 'fen', { hint: '归属导购的已支付订单实付金额减去退款' }),
  metric('wecomChatCnt', '企微聊天数', 'count'),
  metric('wecomMessageCnt', '企微消息数', 'count'),
  metric('wecomReplyPercentage', '企微回复率', 'percent', { hint: WECOM_REPLY_RATE_HINT }),
  metric('wecomAvgReplyTime', '企微平均首次回复', 'minutes', {
    lowerIsBetter: true,
    hint: '企业微信官方统计（avg_reply_time）：客户主动发起单聊后导购当天首次回复的平均时长，多天取平均。',
  }),
  metric('wecomNegativeFeedbackCnt', '企微删除/拒绝', 'count', { lowerIsBetter: true }),
  metric('wecomNewApplyCnt', '企微发起申请', 'count'),
  metric('wecomNewContactCnt', '企微新增客户', 'count'),
];
export const TEAM_COLUMN_KEYS = TEAM_COLUMNS.map((c) => c.key) as [TeamMetricKey, ...TeamMetricKey[]];

export const teamReportQuerySchema = z.object({
  from: day,
  to: day,
  departmentId: idSchema.optional(),
  format: reportFormatSchema,
  /** CSV only: the metric columns shown on screen, comma-separated (exported in TEAM_COLUMNS order); all when absent. */
  columns: z
    .string()
    .max(1000)
    .optional()
    .transform((v) => (v ? v.split(',').filter(Boolean) : undefined))
    .pipe(z.array(z.enum(TEAM_COLUMN_KEYS)).optional()),
});

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
export type NeglectedCustomer = z.infer<typeof neglectedCustomerSchema>;

export const NEGLECTED_COLUMNS: readonly ReportColumn<NeglectedCustomer>[] = [
  { key: 'name', label: '客户', format: 'text', value: (c) => c.name },
  { key: 'segment', label: '客户分层', format: 'text', value: (c) => c.segmentLabel },
  { key: 'totalSpent', label: '累计消费', format: 'fen', value: (c) => c.totalSpent },
  { key: 'lastInteractionAt', label: '最近联系', format: 'datetime', value: (c) => c.lastInteractionAt },
  { key: 'daysSilent', label: '未联系天数', format: 'count', value: (c) => c.daysSilent },
  { key: 'staff', label: '导购', format: 'text', value: (c) => c.staff.name },
];

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
export type ScriptReportRow = z.infer<typeof scriptReportRowSchema>;

export const SCRIPT_COLUMNS: readonly ReportColumn<ScriptReportRow>[] = [
  { key: 'title', label: '话术', format: 'text', value: (r) => r.script.title },
  { key: 'sends', label: '发送次数', format: 'count', value: (r) => r.sends },
  { key: 'uniqueCustomers', label: '触达客户', format: 'count', value: (r) => r.uniqueCustomers },
  {
    key: 'repliedWithin24h',
    label: '24小时内回复',
    format: 'count',
    value: (r) => r.repliedWithin24h,
    hint: '发送后 24 小时内客户回了消息的次数',
  },
  {
    key: 'ordersWithin7d',
    label: '7天内下单',
    format: 'count',
    value: (r) => r.ordersWithin7d,
    hint: '发送后 7 天内客户下了已支付订单的次数',
  },
  { key: 'gmvWithin7d', label: '7天内成交额', format: 'fen', value: (r) => r.gmvWithin7d },
];

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
export type GroupReportRow = z.infer<typeof groupReportRowSchema>;

export const GROUP_COLUMNS: readonly ReportColumn<GroupReportRow>[] = [
  { key: 'owner', label: '群主', format: 'text', value: (r) => r.owner.name },
  { key: 'groups', label: '群数', format: 'count', value: (r) => r.groups },
  { key: 'members', label: '成员', format: 'count', value: (r) => r.members },
  { key: 'customers', label: '客户', format: 'count', value: (r) => r.customers },
  { key: 'newMembers', label: '新入群', format: 'count', value: (r) => r.newMembers },
  { key: 'messages', label: '群消息', format: 'count', value: (r) => r.messages },
  { key: 'activeMembers', label: '活跃成员', format: 'count', value: (r) => r.activeMembers },
];
