import { z } from 'zod';
import { LIFECYCLE_STAGES, RFM_SEGMENTS, SCRIPT_SCOPES, SCRIPT_TYPES } from '@shared/enums.ts';
import { chatMessageSchema, scriptBodySchema } from '@shared/scripts/content.ts';
import { conditionSchema } from '@shared/rules/condition.ts';
import { validityDaySchema } from '@shared/scripts/applicability.ts';
import { cursorQuerySchema, idSchema, isoDate, pageSchema } from './page.ts';

export { chatMessageSchema, scriptBodySchema, type ChatMessage, type ScriptBody } from '@shared/scripts/content.ts';

export const scriptFolderSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  parentId: z.number().int().nullable(),
  scope: z.enum(SCRIPT_SCOPES),
  sortOrder: z.number().int(),
});
export type ScriptFolder = z.infer<typeof scriptFolderSchema>;

/** GET /api/script-folders — corp folders plus the actor's personal folders, by sortOrder. */
export const scriptFoldersResponseSchema = z.object({ folders: z.array(scriptFolderSchema) });
export type ScriptFoldersResponse = z.infer<typeof scriptFoldersResponseSchema>;

/** Who a script is meant for; empty lists mean "anyone". */
export const scriptTargetingSchema = z.object({
  segments: z.array(z.enum(RFM_SEGMENTS)),
  stages: z.array(z.enum(LIFECYCLE_STAGES)),
  tagIds: z.array(z.string()),
});
export type ScriptTargeting = z.infer<typeof scriptTargetingSchema>;

/** GET /api/scripts?customerId=|groupId=&q=&folderId=&cursor=&limit= */
export const scriptsQuerySchema = cursorQuerySchema.extend({
  customerId: idSchema.optional(),
  groupId: idSchema.optional(),
  q: z.string().trim().max(64).optional(),
  folderId: idSchema.optional(),
});
export type ScriptsQuery = z.input<typeof scriptsQuerySchema>;

/**
 * A script as listed: raw `content` (with variables) and `rendered` (variables filled
 * for the customer/group of the query; equals content when neither is given).
 */
export const scriptItemSchema = z.intersection(
  scriptBodySchema,
  z.object({
    id: z.number().int(),
    folderId: z.number().int().nullable(),
    scope: z.enum(SCRIPT_SCOPES),
    /** Personal script of the actor (editable via /api/my/scripts). */
    mine: z.boolean(),
    title: z.string(),
    forGroup: z.boolean(),
    targeting: scriptTargetingSchema,
    rendered: scriptBodySchema,
    /** One-line text preview of the rendered content. */
    preview: z.string(),
    /** Asia/Shanghai days the script is offered from/until (both included); null = open. */
    validFrom: z.string().nullable(),
    validTo: z.string().nullable(),
    /** Conditions over the customer's facts that must hold for 推荐 (the next-action rule language). */
    conditions: conditionSchema.nullable(),
    /** 推荐 for this customer: its conditions hold and its targeting fits. */
    recommended: z.boolean(),
    /** Why it is 推荐, e.g. "生日在 3 天后" or "重要价值客户，45 天未下单"; null when not. */
    reason: z.string().nullable(),
    /** Targeting match for the customer (0 when no customer or no targeting; higher = better). */
    score: z.number(),
    /** Targeting parts matched, e.g. ['segment', 'tag']. */
    matched: z.array(z.enum(['segment', 'stage', 'tag'])),
    sendCount: z.number().int(),
    lastSentAt: isoDate.nullable(),
    updatedAt: isoDate,
  }),
);
export type ScriptItem = z.infer<typeof scriptItemSchema>;
export const scriptsResponseSchema = pageSchema(scriptItemSchema);

/** GET /api/scripts/:id?customerId=|groupId= — one script rendered for the chat (the send preview). */
export const scriptQuerySchema = z.object({ customerId: idSchema.optional(), groupId: idSchema.optional() });
export type ScriptQuery = z.input<typeof scriptQuerySchema>;
export type ScriptsResponse = z.infer<typeof scriptsResponseSchema>;

/** POST /api/scripts/:id/sends — exactly one of customerId / groupId. */
export const scriptSendRequestSchema = z
  .object({
    customerId: z.number().int().positive().optional(),
    groupId: z.number().int().positive().optional(),
    /** The text as the guide edited it in the preview (text scripts only); absent = the rendered script. */
    text: z.string().trim().min(1).max(4000).optional(),
  })
  .refine((v) => (v.customerId === undefined) !== (v.groupId === undefined), { message: 'customerId 与 groupId 须且只能填一个' });
export type ScriptSendRequest = z.infer<typeof scriptSendRequestSchema>;

/** The message to pass to `ww.sendChatMessage` (already rendered). */
export const scriptSendResponseSchema = z.object({
  sendId: z.number().int(),
  message: chatMessageSchema,
});
export type ScriptSendResponse = z.infer<typeof scriptSendResponseSchema>;

const day = validityDaySchema;
const targetingInput = {
  validFrom: day.nullable().default(null),
  validTo: day.nullable().default(null),
  conditions: conditionSchema.nullable().default(null),
  forGroup: z.boolean().default(false),
  targetSegments: z.array(z.enum(RFM_SEGMENTS)).max(20).default([]),
  targetStages: z.array(z.enum(LIFECYCLE_STAGES)).max(10).default([]),
  targetTagIds: z.array(z.string().min(1).max(64)).max(50).default([]),
};

/** POST /api/my/scripts and POST /api/admin/scripts. */
export const createScriptRequestSchema = z.intersection(
  scriptBodySchema,
  z.object({
    title: z.string().trim().min(1).max(128),
    folderId: z.number().int().positive().nullable().default(null),
    ...targetingInput,
  }),
);
export type CreateScriptRequest = z.input<typeof createScriptRequestSchema>;

/**
 * PATCH /api/my/scripts/:id and /api/admin/scripts/:id — any subset; `type` and
 * `content` go together (content is validated against the resulting type); `folderId` moves it.
 */
export const updateScriptRequestSchema = z.object({
  title: z.string().trim().min(1).max(128).optional(),
  folderId: z.number().int().positive().nullable().optional(),
  type: z.enum(SCRIPT_TYPES).optional(),
  content: z.record(z.string(), z.unknown()).optional(),
  forGroup: z.boolean().optional(),
  targetSegments: z.array(z.enum(RFM_SEGMENTS)).max(20).optional(),
  targetStages: z.array(z.enum(LIFECYCLE_STAGES)).max(10).optional(),
  targetTagIds: z.array(z.string().min(1).max(64)).max(50).optional(),
  validFrom: day.nullable().optional(),
  validTo: day.nullable().optional(),
  conditions: conditionSchema.nullable().optional(),
});
export type UpdateScriptRequest = z.infer<typeof updateScriptRequestSchema>;

/** Response of script create/update: the script as listed (no customer context). */
export const scriptResponseSchema = z.object({ script: scriptItemSchema });
export type ScriptResponse = z.infer<typeof scriptResponseSchema>;

/** POST /api/admin/script-folders (corp folders). */
export const createScriptFolderRequestSchema = z.object({
  name: z.string().trim().min(1).max(64),
  parentId: z.number().int().positive().nullable().default(null),
  sortOrder: z.number().int().default(0),
});
export type CreateScriptFolderRequest = z.input<typeof createScriptFolderRequestSchema>;

/** PATCH /api/admin/script-folders/:id — rename, move (parentId), reorder. */
export const updateScriptFolderRequestSchema = z.object({
  name: z.string().trim().min(1).max(64).optional(),
  parentId: z.number().int().positive().nullable().optional(),
  sortOrder: z.number().int().optional(),
});
export type UpdateScriptFolderRequest = z.infer<typeof updateScriptFolderRequestSchema>;
export const scriptFolderResponseSchema = z.object({ folder: scriptFolderSchema });
export type ScriptFolderResponse = z.infer<typeof scriptFolderResponseSchema>;
