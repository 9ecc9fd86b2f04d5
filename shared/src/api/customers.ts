import { z } from 'zod';
import { LIFECYCLE_STAGES, RFM_SEGMENTS } from '@shared/enums.ts';
import { cursorQuerySchema, isoDate, pageSchema, staffRefSchema } from './page.ts';
import { profileTagGroupSchema } from './tags.ts';

/** GET /api/customers/by-external/:externalUserid — resolves getCurExternalContact's userId. */
export const customerByExternalResponseSchema = z.object({ id: z.number().int() });
export type CustomerByExternalResponse = z.infer<typeof customerByExternalResponseSchema>;

/** How a guide came to the customer when a transfer (在职/离职继承) handed them over. */
export const transferredFromSchema = z.object({
  /** The guide who handed the customer over. */
  name: z.string(),
  /** When WeCom completed the transfer. */
  at: isoDate,
  /** e.g. 由 张雅 转交（2026-12-03） (the day in Asia/Shanghai). */
  label: z.string(),
});
export type TransferredFrom = z.infer<typeof transferredFromSchema>;

/** The actor's own follow relation with the customer (null when the actor does not follow them, e.g. a manager). */
export const myFollowSchema = z.object({
  remark: z.string().nullable(),
  description: z.string().nullable(),
  remarkCorpName: z.string().nullable(),
  /** add_way code (wecom-api.md §5.3) and its Chinese label, e.g. 1 → 扫描二维码. */
  addWay: z.number().int(),
  addWayLabel: z.string(),
  /** The 「联系我」 channel state (a code), when added through one; the sidebar shows channelLabel instead. */
  state: z.string().nullable(),
  /** The channel code's name when the state is one of ours, else a generic label (never the raw key), or null. */
  channelLabel: z.string().nullable(),
  /** How messages address the customer ({客户称呼}); null = the WeChat name. Never the remark. */
  salutation: z.string().nullable(),
  addedAt: isoDate,
  /** Set when the relation came from a completed transfer. */
  transferredFrom: transferredFromSchema.nullable(),
});
export type MyFollow = z.infer<typeof myFollowSchema>;

/** A guide following the customer (active relations only). */
export const followerSchema = staffRefSchema.extend({
  isMe: z.boolean(),
  addedAt: isoDate,
  transferredFrom: transferredFromSchema.nullable(),
});
export type Follower = z.infer<typeof followerSchema>;

/** The value block: RFM tier, lifecycle, purchases, recency of contact. Money in fen. */
export const customerValueSchema = z.object({
  rfmSegment: z.enum(RFM_SEGMENTS).nullable(),
  rfmSegmentLabel: z.string().nullable(),
  /** 1–5 scores; null for customers without paid orders in the window. */
  rfm: z.object({ r: z.number().int(), f: z.number().int(), m: z.number().int() }).nullable(),
  rfmComputedAt: isoDate.nullable(),
  lifecycleStage: z.enum(LIFECYCLE_STAGES),
  lifecycleLabel: z.string(),
  totalSpent: z.number().int(),
  orderCount: z.number().int(),
  lastOrderAt: isoDate.nullable(),
  lastInteractionAt: isoDate.nullable(),
  /** Whole Asia/Shanghai days since the last real contact (a message either way or a script sent); null if never. */
  daysSinceLastContact: z.number().int().nullable(),
});
export type CustomerValue = z.infer<typeof customerValueSchema>;

/** 会话存档 consent of the customer; null until the archive feature knows. */
export const archiveConsentSchema = z
  .object({
    status: z.enum(['agreed', 'disagreed', 'unknown']),
    changedAt: isoDate.nullable(),
  })
  .nullable();

/** GET /api/customers/:id — everything the sidebar's first screen shows, in one response. */
export const customerProfileResponseSchema = z.object({
  id: z.number().int(),
  externalUserid: z.string(),
  name: z.string(),
  avatar: z.string().nullable(),
  /** 1 微信用户, 2 企业微信用户. */
  type: z.enum(['wechat', 'wecom']),
  typeLabel: z.string(),
  corpName: z.string().nullable(),
  /** 0 unknown, 1 male, 2 female. */
  gender: z.number().int(),
  genderLabel: z.string(),
  birthday: z.string().nullable(),
  memberNo: z.string().nullable(),
  firstAddedAt: isoDate.nullable(),
  myFollow: myFollowSchema.nullable(),
  /** 称呼 suggestions from the name and gender (黄女士, 黄姐 …), best first; never from the remark. */
  salutationSuggestions: z.array(z.string()),
  followers: z.array(followerSchema),
  value: customerValueSchema,
  tagGroups: z.array(profileTagGroupSchema),
  /** Customer phone plus the actor's remark mobiles; masked (138****5678) unless the actor is an admin. */
  phones: z.array(z.string()),
  phonesMasked: z.boolean(),
  archiveConsent: archiveConsentSchema,
});
export type CustomerProfileResponse = z.infer<typeof customerProfileResponseSchema>;

/** PATCH /api/customers/:id/remark — written to WeCom (externalcontact/remark) first. */
export const updateRemarkRequestSchema = z
  .object({
    remark: z.string().trim().max(20).optional(),
    description: z.string().trim().max(150).optional(),
  })
  .refine((v) => v.remark !== undefined || v.description !== undefined, { message: 'remark 与 description 至少填写一项' });
export type UpdateRemarkRequest = z.infer<typeof updateRemarkRequestSchema>;
export const updateRemarkResponseSchema = z.object({ remark: z.string().nullable(), description: z.string().nullable() });
export type UpdateRemarkResponse = z.infer<typeof updateRemarkResponseSchema>;

/** PUT /api/customers/:id/salutation — the actor's 称呼 for the customer; empty clears it (falls back to the WeChat name). */
export const updateSalutationRequestSchema = z.object({ salutation: z.string().trim().max(32) });
export type UpdateSalutationRequest = z.infer<typeof updateSalutationRequestSchema>;
export const updateSalutationResponseSchema = z.object({ salutation: z.string().nullable() });
export type UpdateSalutationResponse = z.infer<typeof updateSalutationResponseSchema>;

/** GET /api/my/customers?q=&segment=&cursor=&limit= — the actor's customers, newest added first. */
export const myCustomersQuerySchema = cursorQuerySchema.extend({
  q: z.string().trim().max(64).optional(),
  segment: z.enum(RFM_SEGMENTS).optional(),
});
export type MyCustomersQuery = z.input<typeof myCustomersQuerySchema>;

export const customerListItemSchema = z.object({
  id: z.number().int(),
  externalUserid: z.string(),
  name: z.string(),
  remark: z.string().nullable(),
  avatar: z.string().nullable(),
  type: z.enum(['wechat', 'wecom']),
  rfmSegment: z.enum(RFM_SEGMENTS).nullable(),
  rfmSegmentLabel: z.string().nullable(),
  lifecycleStage: z.enum(LIFECYCLE_STAGES),
  lifecycleLabel: z.string(),
  addedAt: isoDate,
  lastInteractionAt: isoDate.nullable(),
});
export type CustomerListItem = z.infer<typeof customerListItemSchema>;
export const myCustomersResponseSchema = pageSchema(customerListItemSchema);
export type MyCustomersResponse = z.infer<typeof myCustomersResponseSchema>;
