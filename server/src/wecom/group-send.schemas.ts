import { z } from 'zod';
import { envelopeSchema } from './schemas.ts';

/**
 * 企业群发 (wecom-api.md §5.15) and 应用消息 (§5.16) wire shapes, request and
 * response, as docs/group-send-and-alerts.md records them. The simulator
 * validates requests with the same schemas the client sends.
 */

const int = z.number().int();
const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const maxBytes = (n: number) => z.string().refine((s) => utf8Bytes(s) <= n, { message: `at most ${n} bytes` });

/** One attachment of add_msg_template / send_welcome_msg (§5.13.1); the object must match msgtype. */
export const extAttachmentSchema = z.discriminatedUnion('msgtype', [
  z.object({ msgtype: z.literal('image'), image: z.object({ media_id: z.string().optional(), pic_url: z.string().optional() }) }),
  z.object({
    msgtype: z.literal('link'),
    link: z.object({ title: maxBytes(128), picurl: maxBytes(2048).optional(), desc: maxBytes(512).optional(), url: maxBytes(2048) }),
  }),
  z.object({
    msgtype: z.literal('miniprogram'),
    miniprogram: z.object({ title: maxBytes(64), pic_media_id: z.string(), appid: z.string(), page: z.string() }),
  }),
  z.object({ msgtype: z.literal('video'), video: z.object({ media_id: z.string() }) }),
  z.object({ msgtype: z.literal('file'), file: z.object({ media_id: z.string() }) }),
]);
export type ExtAttachment = z.infer<typeof extAttachmentSchema>;
export const ATTACHMENT_MSGTYPES = ['image', 'link', 'miniprogram', 'video', 'file'] as const;

/** POST /externalcontact/add_msg_template (§5.15.1). Attachments are checked loosely here: WeCom answers 41064/41065 itself. */
export const addMsgTemplateRequestSchema = z.object({
  chat_type: z.enum(['single', 'group']).optional(),
  external_userid: z.array(z.string()).max(10_000).optional(),
  chat_id_list: z.array(z.string()).max(2000).optional(),
  tag_filter: z.object({ group_list: z.array(z.object({ tag_list: z.array(z.string()).max(100) })) }).optional(),
  sender: z.string().optional(),
  allow_select: z.boolean().optional(),
  text: z.object({ content: maxBytes(4000) }).optional(),
  attachments: z.array(z.looseObject({ msgtype: z.string() })).optional(),
});
export type AddMsgTemplateRequest = Omit<z.infer<typeof addMsgTemplateRequestSchema>, 'attachments'> & { attachments?: ExtAttachment[] };
export const addMsgTemplateResponseSchema = envelopeSchema.extend({ fail_list: z.array(z.string()).optional(), msgid: z.string().min(1) });
export type AddMsgTemplateResponse = z.infer<typeof addMsgTemplateResponseSchema>;

/** POST /externalcontact/get_groupmsg_list_v2 (§5.15.2): span ≤ 1 month, limit ≤ 100 (over ⇒ default 50). */
export const groupMsgListRequestSchema = z.object({
  chat_type: z.enum(['single', 'group']),
  start_time: int,
  end_time: int,
  creator: z.string().optional(),
  filter_type: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
  limit: int.optional(),
  cursor: z.string().optional(),
});
export type GroupMsgListRequest = z.infer<typeof groupMsgListRequestSchema>;
export const groupMsgListResponseSchema = envelopeSchema.extend({
  next_cursor: z.string().optional(),
  group_msg_list: z.array(
    z.object({
      msgid: z.string(),
      /** Omitted for API-created sends. */
      creator: z.string().optional(),
      /** The doc sample shows "xxxx": accept a number or a numeric string (unix seconds). */
      create_time: z.union([int, z.string()]).transform((v) => Number(v)),
      create_type: z.union([z.literal(0), z.literal(1)]),
      text: z.object({ content: z.string() }).optional(),
      attachments: z.array(z.looseObject({ msgtype: z.string() })).optional(),
    }),
  ),
});
export type GroupMsgListResponse = z.infer<typeof groupMsgListResponseSchema>;

/** msgid-only bodies: remind_groupmsg_send, cancel_groupmsg_send (§5.15.5–6). */
export const msgIdRequestSchema = z.object({ msgid: z.string() });

/** POST /externalcontact/get_groupmsg_task (§5.15.3): limit ≤ 1000, default 500. */
export const groupMsgTaskRequestSchema = z.object({ msgid: z.string(), limit: int.optional(), cursor: z.string().optional() });
export const groupMsgTaskResponseSchema = envelopeSchema.extend({
  next_cursor: z.string().optional(),
  /** status: 0 未发送, 2 已发送 per the table; the official sample shows 1 — both mean "sent" when ≠ 0. */
  task_list: z.array(z.object({ userid: z.string(), status: int, send_time: int.optional() })),
});
export type GroupMsgTask = z.infer<typeof groupMsgTaskResponseSchema>['task_list'][number];

/** POST /externalcontact/get_groupmsg_send_result (§5.15.4): userid required. */
export const groupMsgSendResultRequestSchema = z.object({
  msgid: z.string(),
  userid: z.string(),
  limit: int.optional(),
  cursor: z.string().optional(),
});
export const groupMsgSendResultResponseSchema = envelopeSchema.extend({
  next_cursor: z.string().optional(),
  /** status 0 未发送, 1 已发送, 2 客户不是好友, 3 客户已收到其他群发 (over the receive limit). */
  send_list: z.array(
    z.object({
      external_userid: z.string().optional(),
      chat_id: z.string().optional(),
      userid: z.string(),
      status: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
      send_time: int.optional(),
    }),
  ),
});
export type GroupMsgSendResult = z.infer<typeof groupMsgSendResultResponseSchema>['send_list'][number];

// ---------------------------------------------------------------- 应用消息 (§5.16)

const appMessageBase = z.object({
  touser: z.string().optional(),
  toparty: z.string().optional(),
  totag: z.string().optional(),
  agentid: int,
  safe: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
  enable_id_trans: z.union([z.literal(0), z.literal(1)]).optional(),
  enable_duplicate_check: z.union([z.literal(0), z.literal(1)]).optional(),
  duplicate_check_interval: int.optional(),
});
const cardAction = z.object({ type: z.union([z.literal(1), z.literal(2)]), url: z.string().optional(), appid: z.string().optional() });
export const templateCardSchema = z.looseObject({
  card_type: z.string(),
  source: z.object({ icon_url: z.string().optional(), desc: z.string().optional(), desc_color: int.optional() }).optional(),
  main_title: z.object({ title: z.string().optional(), desc: z.string().optional() }).optional(),
  sub_title_text: z.string().optional(),
  horizontal_content_list: z
    .array(z.object({ type: int.optional(), keyname: z.string(), value: z.string().optional(), url: z.string().optional() }))
    .max(6)
    .optional(),
  jump_list: z
    .array(z.object({ type: int.optional(), title: z.string(), url: z.string().optional() }))
    .max(3)
    .optional(),
  card_action: cardAction.optional(),
  task_id: z.string().max(128).optional(),
});
export const appMessageSchema = z.discriminatedUnion('msgtype', [
  appMessageBase.extend({ msgtype: z.literal('text'), text: z.object({ content: z.string() }) }),
  appMessageBase.extend({
    msgtype: z.literal('textcard'),
    /** description is required (41033); url must carry a protocol (45034). WeCom checks both itself. */
    textcard: z.object({ title: z.string(), description: z.string().optional(), url: z.string(), btntxt: z.string().optional() }),
  }),
  appMessageBase.extend({ msgtype: z.literal('markdown'), markdown: z.object({ content: z.string() }) }),
  appMessageBase.extend({ msgtype: z.literal('template_card'), template_card: templateCardSchema }),
]);
export type AppMessage = z.infer<typeof appMessageSchema>;
export const sendAppMessageResponseSchema = envelopeSchema.extend({
  /** `|`-joined strings; omitted or "" when nothing was invalid (accept both). */
  invaliduser: z.string().optional(),
  invalidparty: z.string().optional(),
  invalidtag: z.string().optional(),
  unlicenseduser: z.string().optional(),
  msgid: z.string().optional(),
  response_code: z.string().optional(),
});
export type SendAppMessageResponse = z.infer<typeof sendAppMessageResponseSchema>;
