import { z } from 'zod';
import { RFM_SEGMENTS } from '../enums.ts';
import { isoDate } from './page.ts';

/**
 * SOP rules create tasks for guides: on a schedule (monthly, or the six-touches-a-year
 * cadence for a segment), on a key moment (days after a first order, days silent,
 * days before a birthday, a refund), or for a new group (days after it was created).
 */
export const SOP_TRIGGERS = ['six_touch', 'monthly', 'first_order', 'silent', 'birthday', 'refund', 'group_created'] as const;
export type SopTrigger = (typeof SOP_TRIGGERS)[number];
export const SOP_TRIGGER_LABELS: Record<SopTrigger, string> = {
  six_touch: '一年六次（每两个月一次）',
  monthly: '每月一次',
  first_order: '首单后第 N 天',
  silent: '沉默 N 天',
  birthday: '生日前 N 天',
  refund: '退款后第 N 天',
  group_created: '建群后第 N 天',
};
/** Triggers that need a segment; the others take days. */
export const SEGMENT_TRIGGERS: readonly SopTrigger[] = ['six_touch', 'monthly'];

const days = z
  .string()
  .trim()
  .regex(/^(\d{1,3})(,\d{1,3}){0,6}$/, '天数写成数字，多个用逗号分隔，如 1,3,7')
  .or(z.literal(''));

export const sopRuleSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  trigger: z.enum(SOP_TRIGGERS),
  segment: z.enum(RFM_SEGMENTS).nullable(),
  days: z.string(),
  content: z.string(),
  dueHour: z.number().int(),
  enabled: z.boolean(),
  builtin: z.boolean(),
  /** Tasks this rule created, by status. */
  open: z.number().int(),
  done: z.number().int(),
  dismissed: z.number().int(),
});
export type SopRule = z.infer<typeof sopRuleSchema>;
export const sopRulesResponseSchema = z.object({ items: z.array(sopRuleSchema) });
export type SopRulesResponse = z.infer<typeof sopRulesResponseSchema>;

const ruleFields = {
  name: z.string().trim().min(1).max(64),
  segment: z.enum(RFM_SEGMENTS).nullable().default(null),
  days,
  content: z.string().trim().min(1).max(2000),
  dueHour: z.number().int().min(0).max(23),
};
/** POST /api/sop-rules */
export const createSopRuleRequestSchema = z
  .object({ ...ruleFields, trigger: z.enum(SOP_TRIGGERS), enabled: z.boolean().default(true) })
  .refine((r) => (SEGMENT_TRIGGERS.includes(r.trigger) ? r.segment !== null : r.days !== ''), {
    message: '按周期的规则要选客户分层，其他规则要填天数',
    path: ['days'],
  });
export type CreateSopRuleRequest = z.input<typeof createSopRuleRequestSchema>;
/** PATCH /api/sop-rules/:id — the trigger stays what it was. */
export const updateSopRuleRequestSchema = z.object({ ...ruleFields, enabled: z.boolean() }).partial();
export type UpdateSopRuleRequest = z.input<typeof updateSopRuleRequestSchema>;

/** A task as the guide sees it, with the rule's script already rendered for them. */
export const taskItemSchema = z.object({
  id: z.number().int(),
  rule: z.object({ id: z.number().int(), name: z.string() }),
  dueAt: isoDate,
  overdue: z.boolean(),
  customer: z.object({ id: z.number().int(), name: z.string(), externalUserid: z.string() }).nullable(),
  group: z.object({ id: z.number().int(), name: z.string(), chatId: z.string() }).nullable(),
  /** The full message that will be sent. */
  text: z.string(),
});
export type TaskItem = z.infer<typeof taskItemSchema>;

/** GET /api/tasks/today — the actor's open tasks due by the end of today. */
export const todayTasksResponseSchema = z.object({ overdue: z.array(taskItemSchema), today: z.array(taskItemSchema) });
export type TodayTasksResponse = z.infer<typeof todayTasksResponseSchema>;

/** GET /api/tasks/chat?customerId= | groupId= — the actor's open tasks for this chat, and the six-touch count. */
export const chatTasksQuerySchema = z
  .object({ customerId: z.coerce.number().int().positive().optional(), groupId: z.coerce.number().int().positive().optional() })
  .refine((q) => (q.customerId === undefined) !== (q.groupId === undefined), { message: '只能给 customerId 或 groupId 其中一个' });
export const chatTasksResponseSchema = z.object({
  items: z.array(taskItemSchema),
  /** 一年六次: touches done this year (any guide) of the six; null when the customer is not in the cadence's segment. */
  cadence: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
});
export type ChatTasksResponse = z.infer<typeof chatTasksResponseSchema>;

/**
 * POST /api/tasks/:id/done — sent through the open chat, or shared from the list; `text` is the
 * message as sent when the guide corrected the preview (omitted: the rule's text as rendered).
 */
export const completeTaskRequestSchema = z.object({
  via: z.enum(['chat', 'share']),
  text: z.string().trim().min(1, '发送内容不能为空').max(2000, '发送内容不能超过 2000 字').optional(),
});
export const DISMISS_REASONS = ['已电话联系', '客户已到店', '不合适联系', '客户已流失', '其他'] as const;
/** POST /api/tasks/:id/dismiss */
export const dismissTaskRequestSchema = z.object({ reason: z.enum(DISMISS_REASONS) });
export const taskResponseSchema = z.object({ id: z.number().int(), status: z.enum(['open', 'done', 'dismissed']) });

const completion = z.object({
  total: z.number().int(),
  done: z.number().int(),
  dismissed: z.number().int(),
  open: z.number().int(),
  overdue: z.number().int(),
});
/** GET /api/tasks/report?from&to — tasks due in the period, per guide (actor's scope) and per rule. */
export const taskReportSchema = z.object({
  byGuide: z.array(completion.extend({ staff: z.object({ id: z.number().int(), name: z.string() }) })),
  byRule: z.array(completion.extend({ rule: z.object({ id: z.number().int(), name: z.string() }) })),
});
export type TaskReport = z.infer<typeof taskReportSchema>;
