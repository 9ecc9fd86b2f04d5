import { z } from 'zod';

/** A corp tag (ids are WeCom's). `order`: larger = earlier, as WeCom sorts. */
export const corpTagSchema = z.object({ id: z.string(), name: z.string(), order: z.number().int() });
export type CorpTag = z.infer<typeof corpTagSchema>;

export const corpTagGroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  order: z.number().int(),
  /** Marked single-choice in our settings (客户等级): adding one of its tags removes the sibling. */
  singleChoice: z.boolean(),
  tags: z.array(corpTagSchema),
});
export type CorpTagGroup = z.infer<typeof corpTagGroupSchema>;

/** GET /api/tag-groups — all corp tag groups with their tags (not deleted), in WeCom order. */
export const tagGroupsResponseSchema = z.object({
  groups: z.array(corpTagGroupSchema),
  /** Whether the actor may add tags into a group (admins, managers; guides when the setting allows). */
  canCreateTags: z.boolean(),
});
export type TagGroupsResponse = z.infer<typeof tagGroupsResponseSchema>;

/** A tag on the profile: applied by the actor (on their follow) and/or by other guides. */
export const profileTagSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Applied on the actor's own follow relation (editable by the actor). */
  mine: z.boolean(),
  /** Applied by at least one other guide following this customer. */
  byOthers: z.boolean(),
});
export type ProfileTag = z.infer<typeof profileTagSchema>;

/** Every corp tag group with every tag, flagged with who applied it to this customer. */
export const profileTagGroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  singleChoice: z.boolean(),
  tags: z.array(profileTagSchema),
});
export type ProfileTagGroup = z.infer<typeof profileTagGroupSchema>;

/** POST /api/customers/:id/tags — written to WeCom (mark_tag) first, then locally. */
export const updateCustomerTagsRequestSchema = z
  .object({
    add: z.array(z.string().min(1).max(64)).max(100).default([]),
    remove: z.array(z.string().min(1).max(64)).max(100).default([]),
  })
  .refine((v) => v.add.length + v.remove.length > 0, { message: 'add 与 remove 不能都为空' });
export type UpdateCustomerTagsRequest = z.input<typeof updateCustomerTagsRequestSchema>;

/** The customer's tag block after the change (same shape as the profile's `tagGroups`). */
export const updateCustomerTagsResponseSchema = z.object({
  tagGroups: z.array(profileTagGroupSchema),
  added: z.array(z.string()),
  removed: z.array(z.string()),
});
export type UpdateCustomerTagsResponse = z.infer<typeof updateCustomerTagsResponseSchema>;

/** POST /api/tag-groups/:groupId/tags — add_corp_tag into an existing group. */
export const createCorpTagRequestSchema = z.object({ name: z.string().trim().min(1).max(30) });
export type CreateCorpTagRequest = z.infer<typeof createCorpTagRequestSchema>;
export const createCorpTagResponseSchema = z.object({ groupId: z.string(), tag: corpTagSchema });
export type CreateCorpTagResponse = z.infer<typeof createCorpTagResponseSchema>;

/** GET /api/customers/:id/tags — the tag block alone (the group member sheet), and whether the actor may change it. */
export const customerTagsResponseSchema = z.object({
  tagGroups: z.array(profileTagGroupSchema),
  /** The actor follows the customer: tags live on that follow relation in WeCom. */
  editable: z.boolean(),
});
export type CustomerTagsResponse = z.infer<typeof customerTagsResponseSchema>;

/** PUT /api/tag-groups/:groupId/settings (admins) — our settings of a corp tag group. */
export const tagGroupSettingsRequestSchema = z.object({ singleChoice: z.boolean() });
export type TagGroupSettingsRequest = z.infer<typeof tagGroupSettingsRequestSchema>;
export const tagGroupSettingsResponseSchema = z.object({ groupId: z.string(), singleChoice: z.boolean() });
export type TagGroupSettingsResponse = z.infer<typeof tagGroupSettingsResponseSchema>;
