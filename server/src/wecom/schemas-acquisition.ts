import { z } from 'zod';
import { envelopeSchema } from './schemas.ts';

/**
 * Wire shapes of the acquisition APIs (docs/wecom-acquisition.md, from
 * wecom-api.md §5.12–5.14 and §5.18): 「联系我」 contact ways, welcome messages,
 * group welcome templates, group join ways and media uploads. Requests are
 * validated by the simulator with the same schemas the client sends.
 */

const int = z.number().int();
/** WeCom counts limits in UTF-8 bytes for message fields. */
const maxBytes = (n: number) => z.string().refine((s) => Buffer.byteLength(s, 'utf8') <= n, `longer than ${n} bytes`);

// ---------------------------------------------------------------- attachments (§5.13.1)

export const imageAttachmentSchema = z.object({
  msgtype: z.literal('image'),
  image: z.object({ media_id: z.string().optional(), pic_url: z.string().optional() }),
});
export const linkAttachmentSchema = z.object({
  msgtype: z.literal('link'),
  link: z.object({
    title: maxBytes(128).pipe(z.string().min(1)),
    picurl: z.string().optional(),
    desc: maxBytes(512).optional(),
    url: z.string().min(1),
  }),
});
export const miniprogramAttachmentSchema = z.object({
  msgtype: z.literal('miniprogram'),
  miniprogram: z.object({
    title: maxBytes(64).pipe(z.string().min(1)),
    pic_media_id: z.string().min(1),
    appid: z.string().min(1),
    page: z.string().min(1),
  }),
});
export const videoAttachmentSchema = z.object({ msgtype: z.literal('video'), video: z.object({ media_id: z.string().min(1) }) });
export const fileAttachmentSchema = z.object({ msgtype: z.literal('file'), file: z.object({ media_id: z.string().min(1) }) });
export const welcomeAttachmentSchema = z.discriminatedUnion('msgtype', [
  imageAttachmentSchema,
  linkAttachmentSchema,
  miniprogramAttachmentSchema,
  videoAttachmentSchema,
  fileAttachmentSchema,
]);
export type WelcomeAttachment = z.infer<typeof welcomeAttachmentSchema>;

/** POST /externalcontact/send_welcome_msg — ≤ 9 attachments; text and attachments not both empty. */
export const sendWelcomeMsgRequestSchema = z.object({
  welcome_code: z.string(),
  text: z.object({ content: maxBytes(4000) }).optional(),
  attachments: z.array(welcomeAttachmentSchema).optional(),
});
export type SendWelcomeMsgRequest = z.infer<typeof sendWelcomeMsgRequestSchema>;

// ---------------------------------------------------------------- 「联系我」 (§5.12)

const conclusionsSchema = z.object({
  text: z.object({ content: z.string() }).optional(),
  image: z.object({ media_id: z.string().optional(), pic_url: z.string().optional() }).optional(),
  link: z.object({ title: z.string(), picurl: z.string().optional(), desc: z.string().optional(), url: z.string() }).optional(),
  miniprogram: z.object({ title: z.string(), pic_media_id: z.string(), appid: z.string(), page: z.string() }).optional(),
});

/** POST /externalcontact/add_contact_way. type 1 单人 (exactly one user) / 2 多人; scene 1 小程序 / 2 二维码. */
export const addContactWayRequestSchema = z.object({
  type: int.optional(),
  scene: int.optional(),
  style: int.optional(),
  remark: z.string().max(30).optional(),
  skip_verify: z.boolean().optional(),
  state: z.string().max(30).optional(),
  user: z.array(z.string()).optional(),
  party: z.array(int).optional(),
  is_temp: z.boolean().optional(),
  expires_in: int.optional(),
  chat_expires_in: int.optional(),
  unionid: z.string().optional(),
  is_exclusive: z.boolean().optional(),
  mark_source: z.boolean().optional(),
  conclusions: conclusionsSchema.optional(),
});
export type AddContactWayRequest = z.infer<typeof addContactWayRequestSchema>;
export const addContactWayResponseSchema = envelopeSchema.extend({
  config_id: z.string().min(1),
  /** Only for scene 2. */
  qr_code: z.string().optional(),
});

/** POST /externalcontact/update_contact_way — user/party replace the old lists; type/scene/is_temp cannot change. */
export const updateContactWayRequestSchema = addContactWayRequestSchema
  .omit({ type: true, scene: true, is_temp: true, is_exclusive: true, mark_source: true })
  .extend({ config_id: z.string() });
export type UpdateContactWayRequest = z.infer<typeof updateContactWayRequestSchema>;

export const configIdRequestSchema = z.object({ config_id: z.string().optional() });

/** A contact way as get_contact_way answers it: the add fields plus config_id and qr_code (scene 2). */
export const contactWaySchema = addContactWayRequestSchema.omit({ is_exclusive: true, mark_source: true }).extend({
  config_id: z.string(),
  type: int,
  scene: int,
  remark: z.string().optional(),
  state: z.string().optional(),
  qr_code: z.string().optional(),
});
export type ContactWay = z.infer<typeof contactWaySchema>;
export const getContactWayResponseSchema = envelopeSchema.extend({ contact_way: contactWaySchema });

/** POST /externalcontact/list_contact_way — start/end unix seconds (default: the last 90 days), limit ≤ 1000 (default 100). */
export const listContactWayRequestSchema = z.object({
  start_time: int.optional(),
  end_time: int.optional(),
  cursor: z.string().optional(),
  limit: int.optional(),
});
export type ListContactWayRequest = z.infer<typeof listContactWayRequestSchema>;
export const listContactWayResponseSchema = envelopeSchema.extend({
  contact_way: z.array(z.object({ config_id: z.string() })),
  next_cursor: z.string().optional(),
});

// ---------------------------------------------------------------- 入群欢迎语素材 (§5.13.2)

export const groupWelcomeTemplateBodySchema = z.object({
  text: z.object({ content: z.string() }).optional(),
  image: z.object({ media_id: z.string().optional(), pic_url: z.string().optional() }).optional(),
  link: z.object({ title: z.string(), picurl: z.string().optional(), desc: z.string().optional(), url: z.string() }).optional(),
  miniprogram: z.object({ title: z.string(), pic_media_id: z.string(), appid: z.string(), page: z.string() }).optional(),
  file: z.object({ media_id: z.string() }).optional(),
  video: z.object({ media_id: z.string() }).optional(),
  agentid: int.optional(),
});
export type GroupWelcomeTemplateBody = z.infer<typeof groupWelcomeTemplateBodySchema>;
export const addGroupWelcomeTemplateRequestSchema = groupWelcomeTemplateBodySchema.extend({
  notify: z.union([z.literal(0), z.literal(1)]).optional(),
});
export type AddGroupWelcomeTemplateRequest = z.infer<typeof addGroupWelcomeTemplateRequestSchema>;
export const editGroupWelcomeTemplateRequestSchema = groupWelcomeTemplateBodySchema.extend({ template_id: z.string() });
export type EditGroupWelcomeTemplateRequest = z.infer<typeof editGroupWelcomeTemplateRequestSchema>;
export const templateIdRequestSchema = z.object({ template_id: z.string().optional(), agentid: int.optional() });
export const addGroupWelcomeTemplateResponseSchema = envelopeSchema.extend({ template_id: z.string().min(1) });
/** get answers the template's objects at the top level (image as pic_url). */
export const getGroupWelcomeTemplateResponseSchema = envelopeSchema.extend(groupWelcomeTemplateBodySchema.omit({ agentid: true }).shape);

// ---------------------------------------------------------------- 加入群聊 (§5.14)

export const addJoinWayRequestSchema = z.object({
  scene: int.optional(),
  remark: z.string().optional(),
  auto_create_room: z.union([z.literal(0), z.literal(1)]).optional(),
  room_base_name: z.string().optional(),
  room_base_id: int.optional(),
  chat_id_list: z.array(z.string()).optional(),
  state: z.string().max(30).optional(),
  mark_source: z.boolean().optional(),
});
export type AddJoinWayRequest = z.infer<typeof addJoinWayRequestSchema>;
export const updateJoinWayRequestSchema = addJoinWayRequestSchema.omit({ mark_source: true }).extend({ config_id: z.string() });
export type UpdateJoinWayRequest = z.infer<typeof updateJoinWayRequestSchema>;
export const addJoinWayResponseSchema = envelopeSchema.extend({ config_id: z.string().min(1) });
export const joinWaySchema = z.object({
  config_id: z.string(),
  scene: int,
  remark: z.string().optional(),
  auto_create_room: int.optional(),
  room_base_name: z.string().optional(),
  room_base_id: int.optional(),
  chat_id_list: z.array(z.string()),
  qr_code: z.string().optional(),
  state: z.string().optional(),
});
export type JoinWay = z.infer<typeof joinWaySchema>;
export const getJoinWayResponseSchema = envelopeSchema.extend({ join_way: joinWaySchema });

// ---------------------------------------------------------------- media (§5.18)

export const MEDIA_TYPES = ['image', 'voice', 'video', 'file'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];
/** created_at is a string in the official sample and an int in newer ones: accept both. */
export const uploadMediaResponseSchema = envelopeSchema.extend({
  type: z.string(),
  media_id: z.string().min(1),
  created_at: z.union([z.string(), int]).transform((v) => Number(v)),
});
export type UploadMediaResponse = z.infer<typeof uploadMediaResponseSchema>;
export const uploadImageResponseSchema = envelopeSchema.extend({ url: z.string().min(1) });
