import { z } from 'zod';
import { LIFECYCLE_STAGES, RFM_SEGMENTS } from '../enums.ts';
import { isoDate } from './page.ts';

/**
 * 群发: a manager composes text (+ up to 9 attachments) for customers picked by
 * filter, or for customer groups by owner and group tag. Every guide gets a
 * WeCom send task; results come back per guide and per recipient.
 */

const ids = z.array(z.number().int().positive()).max(500);

/** Who receives it: customers by filter (every given filter must match), or groups by owner and tag. */
export const groupSendTargetSchema = z.discriminatedUnion('chatType', [
  z.object({
    chatType: z.literal('single'),
    segments: z.array(z.enum(RFM_SEGMENTS)).max(RFM_SEGMENTS.length).default([]),
    /** Customers carrying any of these corp tags. */
    tagIds: z.array(z.string().min(1).max(64)).max(100).default([]),
    lifecycle: z.array(z.enum(LIFECYCLE_STAGES)).max(LIFECYCLE_STAGES.length).default([]),
    /** Stores (departments, with their sub-departments): customers of guides there. */
    departmentIds: ids.default([]),
    staffIds: ids.default([]),
  }),
  z.object({
    chatType: z.literal('group'),
    ownerStaffIds: ids.default([]),
    groupTagIds: ids.default([]),
  }),
]);
export type GroupSendTarget = z.infer<typeof groupSendTargetSchema>;
export type GroupSendTargetInput = z.input<typeof groupSendTargetSchema>;

const bytes = (s: string) => new TextEncoder().encode(s).length;

/** A link card (the attachment the composer offers; WeCom's other kinds need uploaded media). */
export const groupSendAttachmentSchema = z.object({
  msgtype: z.literal('link'),
  link: z.object({
    title: z
      .string()
      .trim()
      .min(1)
      .refine((s) => bytes(s) <= 128, '标题最多 128 字节'),
    url: z.url({ protocol: /^https?$/ }).max(2048),
    desc: z
      .string()
      .max(512)
      .refine((s) => bytes(s) <= 512, '描述最多 512 字节')
      .optional(),
    picurl: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional(),
  }),
});
export type GroupSendAttachment = z.infer<typeof groupSendAttachmentSchema>;

/** POST /api/group-sends/preview and POST /api/group-sends. Variables ({客户昵称}, {导购姓名}, {门店}, {群名称}, {今天}) are rendered per recipient. */
export const createGroupSendRequestSchema = z.object({
  target: groupSendTargetSchema,
  content: z
    .string()
    .trim()
    .min(1)
    .refine((s) => bytes(s) <= 4000, '内容最多 4000 字节'),
  attachments: z.array(groupSendAttachmentSchema).max(9).default([]),
});
export type CreateGroupSendRequest = z.input<typeof createGroupSendRequestSchema>;

/** What a send would do, shown before sending. */
export const groupSendPreviewSchema = z.object({
  recipients: z.number().int(),
  guides: z.number().int(),
  /** Already sent a group message today: WeCom delivers one a day, so they are left out. */
  overDailyLimit: z.number().int(),
  /** WeCom send tasks the guides will confirm (one per guide and distinct rendered text). */
  tasks: z.number().int(),
  /** The message as the first recipient receives it. */
  sample: z.object({ to: z.string(), text: z.string() }).nullable(),
});
export type GroupSendPreview = z.infer<typeof groupSendPreviewSchema>;

export const GROUP_SEND_STATUSES = ['sending', 'sent', 'cancelled', 'failed'] as const;
export const GROUP_SEND_STATUS_LABELS: Record<(typeof GROUP_SEND_STATUSES)[number], string> = {
  sending: '待导购发送',
  sent: '已全部发送',
  cancelled: '已取消',
  failed: '创建失败',
};

/** pending 未发送, sent 已送达, not_friend 非好友, over_limit 超过每日接收上限, unreachable WeCom 拒收, failed 创建失败, cancelled 已取消. */
export const GROUP_SEND_RECIPIENT_STATUSES = ['pending', 'sent', 'not_friend', 'over_limit', 'unreachable', 'failed', 'cancelled'] as const;
export type GroupSendRecipientStatus = (typeof GROUP_SEND_RECIPIENT_STATUSES)[number];
export const GROUP_SEND_RECIPIENT_LABELS: Record<GroupSendRecipientStatus, string> = {
  pending: '未发送',
  sent: '已送达',
  not_friend: '非好友',
  over_limit: '超过每日上限',
  unreachable: '无法发送',
  failed: '创建失败',
  cancelled: '已取消',
};

const countsSchema = z.record(z.enum(GROUP_SEND_RECIPIENT_STATUSES), z.number().int());

export const groupSendSummarySchema = z.object({
  id: z.number().int(),
  chatType: z.enum(['single', 'group']),
  content: z.string(),
  attachments: z.number().int(),
  status: z.enum(GROUP_SEND_STATUSES),
  createdAt: isoDate,
  createdBy: z.string(),
  recipients: z.number().int(),
  skipped: z.number().int(),
  counts: countsSchema,
});
export type GroupSendSummary = z.infer<typeof groupSendSummarySchema>;

/** GET /api/group-sends — newest first. */
export const groupSendListSchema = z.object({ items: z.array(groupSendSummarySchema) });
export type GroupSendList = z.infer<typeof groupSendListSchema>;

/** GET /api/group-sends/:id — results per guide and per recipient (refreshed from WeCom). */
export const groupSendDetailSchema = groupSendSummarySchema.extend({
  resultsAt: isoDate.nullable(),
  remindersLeft: z.number().int(),
  canCancel: z.boolean(),
  guides: z.array(
    z.object({
      staff: z.object({ id: z.number().int(), name: z.string() }),
      sent: z.boolean(),
      sentAt: isoDate.nullable(),
      counts: countsSchema,
    }),
  ),
  /** Every recipient (customer or group) with its outcome. */
  rows: z.array(
    z.object({
      name: z.string(),
      customerId: z.number().int().nullable(),
      groupId: z.number().int().nullable(),
      staffName: z.string(),
      status: z.enum(GROUP_SEND_RECIPIENT_STATUSES),
      sentAt: isoDate.nullable(),
    }),
  ),
});
export type GroupSendDetail = z.infer<typeof groupSendDetailSchema>;

/** GET /api/group-sends/options — what the composer may pick from, within the actor's scope (corp tags: GET /api/tags). */
export const groupSendOptionsSchema = z.object({
  stores: z.array(z.object({ id: z.number().int(), name: z.string() })),
  guides: z.array(z.object({ id: z.number().int(), name: z.string() })),
  groupTags: z.array(z.object({ id: z.number().int(), name: z.string() })),
});
export type GroupSendOptions = z.infer<typeof groupSendOptionsSchema>;
