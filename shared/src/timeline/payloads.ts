import { z } from 'zod';
import { LOST_REASONS, ORDER_STATUSES, RFM_SEGMENTS, SCRIPT_TYPES, type InteractionType } from '@shared/enums.ts';

/**
 * The payload of each interaction type as the writers store it. Strict objects:
 * a misspelt or stray field is refused instead of landing in the timeline as
 * something no reader knows. Fields some writers cannot know are optional.
 */

const messageFields = {
  msgid: z.string().min(1),
  msgtype: z.string(),
  /** Excerpt of the message text (archive keeps the first 200 characters). */
  text: z.string().optional(),
  /** Sensitive words the message matched. */
  flags: z.array(z.string()).optional(),
};
export const chatMessagePayloadSchema = z.strictObject(messageFields);
export const groupMessagePayloadSchema = z.strictObject({ ...messageFields, roomid: z.string().min(1), from: z.string() });

export const friendAddedPayloadSchema = z.strictObject({
  userid: z.string(),
  externalUserid: z.string(),
  addWay: z.number().int(),
  state: z.string().nullable(),
  /** A relation marked lost earlier that WeCom lists again. */
  restored: z.boolean(),
});

export const friendLostPayloadSchema = z.strictObject({
  reason: z.enum(LOST_REASONS),
  userid: z.string().nullable(),
  externalUserid: z.string().nullable(),
  deletedBy: z.enum(['staff', 'customer']).optional(),
  /** Deleted by a customer transfer (DELETE_BY_TRANSFER). */
  transfer: z.boolean().optional(),
});

export const tagChangePayloadSchema = z.strictObject({
  tagIds: z.array(z.string().min(1)).min(1),
  /** Names at the time of the change; readers fall back to the current catalogue. */
  tagNames: z.array(z.string()).optional(),
  /** The guide whose relation carries the tags (sync). */
  userid: z.string().optional(),
});

export const notePayloadSchema = z.strictObject({
  content: z.string(),
  followUpId: z.number().int().optional(),
  remindAt: z.iso.datetime().nullable().optional(),
});

export const followUpDonePayloadSchema = z.strictObject({
  content: z.string(),
  followUpId: z.number().int().optional(),
});

export const scriptSentPayloadSchema = z.strictObject({
  scriptTitle: z.string(),
  scriptType: z.enum(SCRIPT_TYPES),
  scriptId: z.number().int().optional(),
  /** The rendered text of a text script (as sent: after the guide's edits). */
  text: z.string().optional(),
  /** The guide edited the text in the send preview. */
  edited: z.boolean().optional(),
});

export const remarkChangedPayloadSchema = z.strictObject({
  remark: z.string().nullable(),
  description: z.string().nullable().optional(),
  previousRemark: z.string().nullable().optional(),
  previousDescription: z.string().nullable().optional(),
  userid: z.string().optional(),
});

const orderFields = { orderId: z.number().int(), orderNo: z.string(), source: z.string() };
/** Amounts in fen. */
export const orderPaidPayloadSchema = z.strictObject({ ...orderFields, paidAmount: z.number().int() });
export const orderRefundedPayloadSchema = z.strictObject({
  ...orderFields,
  refundedAmount: z.number().int(),
  status: z.enum(ORDER_STATUSES),
});

export const groupJoinPayloadSchema = z.strictObject({
  chatId: z.string(),
  userid: z.string(),
  memberType: z.number().int(),
  joinScene: z.number().int(),
});
export const groupLeavePayloadSchema = z.strictObject({
  chatId: z.string().nullable(),
  userid: z.string(),
  memberType: z.number().int(),
});

export const segmentChangedPayloadSchema = z.strictObject({
  from: z.enum(RFM_SEGMENTS),
  to: z.enum(RFM_SEGMENTS),
  fromLabel: z.string(),
  toLabel: z.string(),
  /** The rfm_run that saw the change (null: incremental re-score before any run). */
  runId: z.number().int().nullable().optional(),
  incremental: z.boolean().optional(),
});

/**
 * A customer handed from one guide to another (在职/离职继承) that WeCom completed. Names as at the
 * time of the transfer; the row's staff is the takeover.
 */
export const transferredPayloadSchema = z.strictObject({
  kind: z.enum(['onjob', 'resigned']),
  fromUserid: z.string(),
  fromName: z.string(),
  toUserid: z.string(),
  toName: z.string(),
  jobId: z.number().int().optional(),
});

/**
 * A guide filled in or changed 资料 (birthday, member number, corp fields, 跟进状态). Values as shown
 * (lists joined with 、), null when cleared. Choices mirrored to tags are recorded as tag changes instead.
 */
export const profileUpdatedPayloadSchema = z.strictObject({
  changes: z.array(z.strictObject({ label: z.string().min(1), value: z.string().nullable(), previous: z.string().nullable() })).min(1),
});

/** `{ type, payload }` of every interaction, discriminated on the type. */
export const interactionPayloadSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message_in'), payload: chatMessagePayloadSchema }),
  z.object({ type: z.literal('message_out'), payload: chatMessagePayloadSchema }),
  z.object({ type: z.literal('group_message'), payload: groupMessagePayloadSchema }),
  z.object({ type: z.literal('friend_added'), payload: friendAddedPayloadSchema }),
  z.object({ type: z.literal('friend_lost'), payload: friendLostPayloadSchema }),
  z.object({ type: z.literal('tag_added'), payload: tagChangePayloadSchema }),
  z.object({ type: z.literal('tag_removed'), payload: tagChangePayloadSchema }),
  z.object({ type: z.literal('note'), payload: notePayloadSchema }),
  z.object({ type: z.literal('follow_up_done'), payload: followUpDonePayloadSchema }),
  z.object({ type: z.literal('script_sent'), payload: scriptSentPayloadSchema }),
  z.object({ type: z.literal('remark_changed'), payload: remarkChangedPayloadSchema }),
  z.object({ type: z.literal('order_paid'), payload: orderPaidPayloadSchema }),
  z.object({ type: z.literal('order_refunded'), payload: orderRefundedPayloadSchema }),
  z.object({ type: z.literal('group_join'), payload: groupJoinPayloadSchema }),
  z.object({ type: z.literal('group_leave'), payload: groupLeavePayloadSchema }),
  z.object({ type: z.literal('segment_changed'), payload: segmentChangedPayloadSchema }),
  z.object({ type: z.literal('transferred'), payload: transferredPayloadSchema }),
  z.object({ type: z.literal('profile_updated'), payload: profileUpdatedPayloadSchema }),
]);
export type InteractionPayloadEntry = z.infer<typeof interactionPayloadSchema>;
export type InteractionPayload<T extends InteractionType> = Extract<InteractionPayloadEntry, { type: T }>['payload'];
