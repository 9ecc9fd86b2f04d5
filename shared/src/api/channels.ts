import { z } from 'zod';
import { isHttpsUrl } from '@shared/scripts/content.ts';

/**
 * Channel codes (渠道活码) and their report: the contract of /api/channels.
 * A channel is one WeCom 「联系我」 QR code; customers who scan it are assigned
 * to one of its guides, welcomed, tagged, and counted under the channel.
 */

export const CHANNEL_GROUPS = ['store', 'parcel', 'live', 'ads', 'event', 'other'] as const;
export type ChannelGroup = (typeof CHANNEL_GROUPS)[number];
export const CHANNEL_GROUP_LABELS: Record<ChannelGroup, string> = {
  store: '门店',
  parcel: '包裹卡',
  live: '直播',
  ads: '广告',
  event: '活动',
  other: '其他',
};

/** How a multi-guide code picks the next guide: in turn, or whoever took the fewest today. */
export const CHANNEL_ROTATIONS = ['round_robin', 'least_loaded'] as const;
export type ChannelRotation = (typeof CHANNEL_ROTATIONS)[number];
export const CHANNEL_ROTATION_LABELS: Record<ChannelRotation, string> = { round_robin: '轮流分配', least_loaded: '今日最少优先' };

/** What became of the welcome message of one add. */
export const WELCOME_STATUSES = ['sent', 'window_missed', 'no_code', 'expired_channel', 'failed', 'none'] as const;
export type WelcomeStatus = (typeof WELCOME_STATUSES)[number];

const byteLimit = (n: number, label: string) =>
  z.string().refine((s) => new TextEncoder().encode(s).length <= n, `${label}最多 ${n} 字节（约 ${Math.floor(n / 3)} 个汉字）`);
const httpsUrl = (label: string) => z.string().max(1024).refine(isHttpsUrl, `${label}必须是 https:// 开头的网址`);

/** A welcome attachment (WeCom allows 9). Images are uploaded to us first and sent by their WeCom media id. */
export const welcomeAttachmentSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('image'), assetId: z.number().int().positive() }),
  z.strictObject({
    type: z.literal('link'),
    title: byteLimit(128, '链接标题').pipe(z.string().min(1, '请填写链接标题')),
    desc: byteLimit(512, '链接描述').default(''),
    url: httpsUrl('链接地址'),
    imgUrl: z.union([z.literal(''), httpsUrl('封面图地址')]).default(''),
  }),
  z.strictObject({
    type: z.literal('miniprogram'),
    title: byteLimit(64, '小程序标题').pipe(z.string().min(1, '请填写小程序标题')),
    appid: z.string().min(1).max(64),
    page: z.string().min(1).max(512),
    /** Cover image (520×416 recommended). */
    assetId: z.number().int().positive(),
  }),
]);
export type WelcomeAttachmentInput = z.infer<typeof welcomeAttachmentSchema>;

/** The welcome: text with script variables ({客户昵称} {导购姓名} {门店} {今天}) and up to 9 attachments. */
export const channelWelcomeSchema = z.strictObject({
  text: byteLimit(4000, '欢迎语').default(''),
  attachments: z.array(welcomeAttachmentSchema).max(9, '附件最多 9 个').default([]),
});
export type ChannelWelcome = z.infer<typeof channelWelcomeSchema>;

export const channelInputSchema = z.strictObject({
  name: z.string().trim().min(1, '请填写渠道名称').max(64),
  group: z.enum(CHANNEL_GROUPS),
  /** The department the code belongs to (null: corp-wide, admins only). Omitted: a new code goes to the
   * manager's first department (corp-wide for an admin); an edited one keeps its own. */
  departmentId: z.number().int().positive().nullable().optional(),
  /** Guides in rotation order (1 to 100). */
  staffIds: z.array(z.number().int().positive()).min(1, '至少选择一位导购').max(100),
  rotation: z.enum(CHANNEL_ROTATIONS).default('round_robin'),
  dailyCap: z.number().int().min(1).max(10_000).nullable().default(null),
  skipVerify: z.boolean().default(true),
  tagIds: z.array(z.string().min(1).max(64)).max(20).default([]),
  welcome: channelWelcomeSchema.default({ text: '', attachments: [] }),
  expiresAt: z.iso.datetime({ offset: true }).nullable().default(null),
});
export type ChannelInput = z.input<typeof channelInputSchema>;

export const channelGuideSchema = z.object({
  staffId: z.number().int(),
  userid: z.string(),
  name: z.string(),
  /** false: left, disabled or without 客户联系 — kept on the channel but skipped. */
  canTake: z.boolean(),
  reason: z.string().nullable(),
  addsToday: z.number().int(),
});
export type ChannelGuide = z.infer<typeof channelGuideSchema>;

export const channelSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  group: z.enum(CHANNEL_GROUPS),
  groupLabel: z.string(),
  stateKey: z.string(),
  departmentId: z.number().int().nullable(),
  departmentName: z.string().nullable(),
  rotation: z.enum(CHANNEL_ROTATIONS),
  dailyCap: z.number().int().nullable(),
  skipVerify: z.boolean(),
  tagIds: z.array(z.string()),
  welcome: channelWelcomeSchema,
  expiresAt: z.string().nullable(),
  expired: z.boolean(),
  /** Guides the WeCom code hands customers to right now. */
  currentUserids: z.array(z.string()),
  guides: z.array(channelGuideSchema),
  qrUrl: z.string().nullable(),
  addsTotal: z.number().int(),
  createdAt: z.string(),
});
export type ChannelView = z.infer<typeof channelSchema>;
export const channelListSchema = z.object({ items: z.array(channelSchema) });
export type ChannelList = z.infer<typeof channelListSchema>;

/** GET /api/channels/guides: the staff the actor may put on a channel, with whether WeCom lets them take customers. */
export const channelGuideOptionsSchema = z.object({
  items: z.array(
    z.object({
      staffId: z.number().int(),
      name: z.string(),
      department: z.string().nullable(),
      canTake: z.boolean(),
      reason: z.string().nullable(),
    }),
  ),
  departments: z.array(z.object({ id: z.number().int(), name: z.string() })),
});
export type ChannelGuideOptions = z.infer<typeof channelGuideOptionsSchema>;

/** POST /api/channels/images: the stored image, referenced by assetId in attachments. */
export const mediaAssetSchema = z.object({ id: z.number().int(), url: z.string(), filename: z.string() });
export type MediaAssetView = z.infer<typeof mediaAssetSchema>;

// ---------------------------------------------------------------- report

export const channelReportQuerySchema = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  channelId: z.coerce.number().int().positive().optional(),
  /** One group join code's joins. */
  joinWayId: z.coerce.number().int().positive().optional(),
  by: z.enum(['channel', 'guide', 'store']).default('channel'),
  format: z.enum(['json', 'csv']).default('json'),
});
export type ChannelReportQuery = z.infer<typeof channelReportQuerySchema>;

export const channelReportRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  /** The channel group label (channel rows) or the store (guide rows). */
  sub: z.string().nullable(),
  adds: z.number().int(),
  /** Still friends 7 / 30 days after being added (only adds at least that old are counted). */
  net7: z.number().int(),
  net30: z.number().int(),
  matured7: z.number().int(),
  matured30: z.number().int(),
  /** Customers who got a reply from the guide / who ordered within 30 days of the add. */
  replied30: z.number().int(),
  ordered30: z.number().int(),
  /** GMV of those first-30-day orders, in fen. */
  gmv30: z.number().int(),
  welcomeSent: z.number().int(),
  /** Customers who joined a group through the row's group join code (入群). */
  groupJoins: z.number().int(),
});
export type ChannelReportRow = z.infer<typeof channelReportRowSchema>;

export const channelReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  by: z.enum(['channel', 'guide', 'store']),
  rows: z.array(channelReportRowSchema),
  totals: channelReportRowSchema,
  /** Adds per Asia/Shanghai day, per channel (top 5 by adds) for the chart. */
  daily: z.object({ days: z.array(z.string()), series: z.array(z.object({ label: z.string(), values: z.array(z.number().int()) })) }),
});
export type ChannelReport = z.infer<typeof channelReportSchema>;

// ---------------------------------------------------------------- group join codes (群活码)

/** WeCom's join way takes 1 to 5 customer groups (加入群聊, scene 2 = QR code). */
export const JOIN_WAY_MAX_CHATS = 5;

/**
 * A group join code: a WeCom 「加入群聊」 QR code over up to 5 customer groups.
 * With autoCreateRoom, WeCom opens `{roomBaseName}{n}` when the last group is full.
 * welcomeText, when set, becomes a WeCom 入群欢迎语 template.
 */
export const joinWayInputSchema = z.strictObject({
  name: z.string().trim().min(1, '请填写群活码名称').max(64),
  /** The department the code belongs to (null: corp-wide, admins only). Omitted: a new code goes to the
   * manager's first department (corp-wide for an admin); an edited one keeps its own. */
  departmentId: z.number().int().positive().nullable().optional(),
  chatIds: z
    .array(z.string().min(1).max(64))
    .min(1, '至少选择一个客户群')
    .max(JOIN_WAY_MAX_CHATS, `最多选择 ${JOIN_WAY_MAX_CHATS} 个客户群`)
    .refine((ids) => new Set(ids).size === ids.length, '客户群不能重复'),
  autoCreateRoom: z.boolean().default(true),
  roomBaseName: z.string().trim().max(40).nullable().default(null),
  welcomeText: byteLimit(4000, '入群欢迎语').nullable().default(null),
});
export type JoinWayInput = z.input<typeof joinWayInputSchema>;

export const joinWayViewSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  stateKey: z.string(),
  departmentId: z.number().int().nullable(),
  chatIds: z.array(z.string()),
  autoCreateRoom: z.boolean(),
  roomBaseName: z.string().nullable(),
  welcomeText: z.string().nullable(),
  /** The WeCom 入群欢迎语 template id, when the code has a welcome. */
  templateId: z.string().nullable(),
  qrUrl: z.string().nullable(),
  joinsTotal: z.number().int(),
  createdAt: z.string(),
});
export type JoinWayView = z.infer<typeof joinWayViewSchema>;
export const joinWayListSchema = z.object({ items: z.array(joinWayViewSchema) });
export type JoinWayList = z.infer<typeof joinWayListSchema>;

/** GET /api/channels/join-ways/groups: the live customer groups the actor may put on a join code. */
export const joinWayGroupOptionsSchema = z.object({
  items: z.array(z.object({ chatId: z.string(), name: z.string(), memberCount: z.number().int(), owner: z.string().nullable() })),
});
export type JoinWayGroupOptions = z.infer<typeof joinWayGroupOptionsSchema>;
