import { z } from 'zod';
import { LIFECYCLE_STAGES, RFM_SEGMENTS } from '@shared/enums.ts';
import { cursorQuerySchema, isoDate, pageSchema } from './page.ts';

/** GET /api/groups/by-chat/:chatId — resolves getCurExternalChat's chatId. */
export const groupByChatResponseSchema = z.object({ id: z.number().int() });
export type GroupByChatResponse = z.infer<typeof groupByChatResponseSchema>;

/** Our own tags for group chats (not WeCom's). color: CSS hex like #1989fa. */
export const groupTagSchema = z.object({ id: z.number().int(), name: z.string(), color: z.string() });
export type GroupTag = z.infer<typeof groupTagSchema>;

/** GET /api/groups/:id */
export const groupDetailResponseSchema = z.object({
  id: z.number().int(),
  chatId: z.string(),
  name: z.string(),
  owner: z.object({ userid: z.string(), name: z.string().nullable(), isMe: z.boolean() }),
  notice: z.string().nullable(),
  createdAt: isoDate,
  dismissed: z.boolean(),
  /** Current members (left members excluded). */
  memberCounts: z.object({
    total: z.number().int(),
    customers: z.number().int(),
    staff: z.number().int(),
    /** Customers that are in our customer table (followed by some guide). */
    knownCustomers: z.number().int(),
  }),
  /** join_scene 1 直接邀请 / 2 邀请链接 / 3 扫描群二维码 (0 未知). */
  joinScenes: z.array(z.object({ scene: z.number().int(), label: z.string(), count: z.number().int() })),
  /** Current known customers per RFM segment (segment null = not yet scored, label 未分层), largest first. */
  segments: z.array(z.object({ segment: z.enum(RFM_SEGMENTS).nullable(), label: z.string(), count: z.number().int() })),
  tags: z.array(groupTagSchema),
});
export type GroupDetailResponse = z.infer<typeof groupDetailResponseSchema>;

/** GET /api/groups/:id/members?type=&segment=&tagId=&q=&cursor=&limit= (current members; join time newest first). */
export const groupMembersQuerySchema = cursorQuerySchema.extend({
  type: z.enum(['customer', 'staff']).optional(),
  segment: z.enum(RFM_SEGMENTS).optional(),
  /** A corp tag id: customers carrying it on any follow. */
  tagId: z.string().max(64).optional(),
  q: z.string().trim().max(64).optional(),
});
export type GroupMembersQuery = z.input<typeof groupMembersQuerySchema>;

export const groupMemberSchema = z.object({
  memberId: z.number().int(),
  type: z.enum(['customer', 'staff']),
  userid: z.string(),
  name: z.string().nullable(),
  groupNickname: z.string().nullable(),
  joinTime: isoDate,
  joinScene: z.number().int(),
  joinSceneLabel: z.string(),
  /** Set for customer members we know (null for strangers and staff). */
  customer: z
    .object({
      id: z.number().int(),
      name: z.string(),
      avatar: z.string().nullable(),
      rfmSegment: z.enum(RFM_SEGMENTS).nullable(),
      rfmSegmentLabel: z.string().nullable(),
      lifecycleStage: z.enum(LIFECYCLE_STAGES),
      lifecycleLabel: z.string(),
      totalSpent: z.number().int(),
      tags: z.array(z.object({ id: z.string(), name: z.string() })),
      /** The actor may open this customer's profile. */
      visible: z.boolean(),
    })
    .nullable(),
  staff: z.object({ id: z.number().int(), name: z.string() }).nullable(),
});
export type GroupMember = z.infer<typeof groupMemberSchema>;
export const groupMembersResponseSchema = pageSchema(groupMemberSchema);
export type GroupMembersResponse = z.infer<typeof groupMembersResponseSchema>;

/** GET /api/group-tags — with how many groups carry each tag, and whether the actor may manage them (admins, managers). */
export const groupTagsResponseSchema = z.object({
  tags: z.array(groupTagSchema.extend({ groupCount: z.number().int() })),
  canManage: z.boolean(),
});
export type GroupTagsResponse = z.infer<typeof groupTagsResponseSchema>;

/** POST /api/group-tags (admins and managers) — creates one of our group tags. */
export const createGroupTagRequestSchema = z.object({
  name: z.string().trim().min(1).max(32),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .default('#1989fa'),
});
export type CreateGroupTagRequest = z.input<typeof createGroupTagRequestSchema>;
export const createGroupTagResponseSchema = z.object({ tag: groupTagSchema });
export type CreateGroupTagResponse = z.infer<typeof createGroupTagResponseSchema>;

/** PATCH /api/group-tags/:id (admins and managers) — rename or recolour one of our group tags. */
export const updateGroupTagRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(32).optional(),
    color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/)
      .optional(),
  })
  .refine((v) => v.name !== undefined || v.color !== undefined, { message: 'name 与 color 至少填写一项' });
export type UpdateGroupTagRequest = z.input<typeof updateGroupTagRequestSchema>;

/** POST /api/groups/:id/tags — returns the group's tags after the change. */
export const updateGroupTagsRequestSchema = z
  .object({
    add: z.array(z.number().int().positive()).max(50).default([]),
    remove: z.array(z.number().int().positive()).max(50).default([]),
  })
  .refine((v) => v.add.length + v.remove.length > 0, { message: 'add 与 remove 不能都为空' });
export type UpdateGroupTagsRequest = z.input<typeof updateGroupTagsRequestSchema>;
export const updateGroupTagsResponseSchema = z.object({ tags: z.array(groupTagSchema) });
export type UpdateGroupTagsResponse = z.infer<typeof updateGroupTagsResponseSchema>;
