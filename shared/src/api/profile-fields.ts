import { z } from 'zod';
import { profileTagGroupSchema } from './tags.ts';

/**
 * 渐进式画像: what a guide learns about a customer, a field at a time. Built-in fields live on the
 * customer row (生日, 会员号); the corp defines the others. Keys: `birthday`, `member_no`, `f<id>`.
 */
export const PROFILE_FIELD_TYPES = ['text', 'number', 'date', 'single', 'multi'] as const;
export type ProfileFieldType = (typeof PROFILE_FIELD_TYPES)[number];
export const PROFILE_FIELD_TYPE_LABELS: Record<ProfileFieldType | 'month_day', string> = {
  text: '文本',
  number: '数字',
  date: '日期',
  single: '单选',
  multi: '多选',
  month_day: '月-日',
};

/** 跟进状态: set by the guide on their own follow relation, beside the computed lifecycle stage. */
export const FOLLOW_STAGES = ['to_follow', 'invited', 'visited', 'purchased', 'paused'] as const;
export type FollowStage = (typeof FOLLOW_STAGES)[number];
export const FOLLOW_STAGE_LABELS: Record<FollowStage, string> = {
  to_follow: '待跟进',
  invited: '已邀约到店',
  visited: '已到店体验',
  purchased: '已成交',
  paused: '暂不跟进',
};

export const BUILTIN_FIELD_KEYS = ['birthday', 'member_no'] as const;
export type BuiltinFieldKey = (typeof BUILTIN_FIELD_KEYS)[number];

/** A field key as the API spells it: a built-in, or `f` + the custom field's id. */
export const fieldKeySchema = z.string().regex(/^(birthday|member_no|f[1-9][0-9]{0,9})$/, '字段编号无效');

const optionName = z.string().trim().min(1, '选项不能为空').max(30, '选项最多 30 个字');

/** A corp-defined field as admins manage it. Choice fields linked to a tag group take their options from its tags. */
export const profileFieldDefSchema = z.object({
  id: z.number().int(),
  key: z.string(),
  label: z.string(),
  type: z.enum(PROFILE_FIELD_TYPES),
  options: z.array(z.string()),
  /** Corp tag group mirrored by a choice field (its tags are the options; a choice is written to WeCom with mark_tag). */
  tagGroupId: z.string().nullable(),
  tagGroupName: z.string().nullable(),
  /** Counted in the completeness hint ("还差 肤质、生日"). */
  counted: z.boolean(),
  sortOrder: z.number().int(),
});
export type ProfileFieldDef = z.infer<typeof profileFieldDefSchema>;

/** GET /api/profile-fields — the corp's custom fields, and whether the actor may change them (admins). */
export const profileFieldDefsResponseSchema = z.object({ fields: z.array(profileFieldDefSchema), canManage: z.boolean() });
export type ProfileFieldDefsResponse = z.infer<typeof profileFieldDefsResponseSchema>;

const fieldDefBody = {
  label: z.string().trim().min(1, '字段名不能为空').max(16, '字段名最多 16 个字'),
  options: z.array(optionName).max(50, '最多 50 个选项').default([]),
  tagGroupId: z.string().min(1).max(64).nullable().default(null),
  counted: z.boolean().default(true),
};
const checkOptions = (v: { type?: ProfileFieldType; options?: string[]; tagGroupId?: string | null }, ctx: z.RefinementCtx) => {
  if (v.options && new Set(v.options).size !== v.options.length)
    ctx.addIssue({ code: 'custom', path: ['options'], message: '选项不能重复' });
  if (v.type && v.type !== 'single' && v.type !== 'multi' && v.tagGroupId)
    ctx.addIssue({ code: 'custom', path: ['tagGroupId'], message: '只有单选、多选字段可以对应标签组' });
  if ((v.type === 'single' || v.type === 'multi') && !v.tagGroupId && (v.options ?? []).length < 2)
    ctx.addIssue({ code: 'custom', path: ['options'], message: '单选、多选字段至少要有 2 个选项，或对应一个标签组' });
};

/** POST /api/profile-fields (admins). */
export const createProfileFieldRequestSchema = z.object({ ...fieldDefBody, type: z.enum(PROFILE_FIELD_TYPES) }).superRefine(checkOptions);
export type CreateProfileFieldRequest = z.input<typeof createProfileFieldRequestSchema>;

/** PATCH /api/profile-fields/:id (admins); the type never changes, so stored values keep their meaning. */
export const updateProfileFieldRequestSchema = z
  .object({
    label: fieldDefBody.label.optional(),
    options: z.array(optionName).max(50).optional(),
    tagGroupId: z.string().min(1).max(64).nullable().optional(),
    counted: z.boolean().optional(),
    sortOrder: z.number().int().min(0).max(10_000).optional(),
  })
  .superRefine(checkOptions)
  .refine((v) => Object.keys(v).length > 0, { message: '没有要修改的内容' });
export type UpdateProfileFieldRequest = z.input<typeof updateProfileFieldRequestSchema>;
export const profileFieldDefResponseSchema = z.object({ field: profileFieldDefSchema });

/** A value as stored and sent: text, number, date (YYYY-MM-DD), month-day (MM-DD), one option, or several. */
export const fieldValueSchema = z.union([z.string(), z.number(), z.array(z.string())]).nullable();
export type FieldValue = z.infer<typeof fieldValueSchema>;

/** One field on a customer's 资料 tab with its current value. */
export const customerFieldSchema = z.object({
  key: z.string(),
  label: z.string(),
  type: z.enum([...PROFILE_FIELD_TYPES, 'month_day']),
  options: z.array(z.string()),
  builtin: z.boolean(),
  /** Name of the corp tag group a choice is mirrored to. */
  tagGroupName: z.string().nullable(),
  counted: z.boolean(),
  value: fieldValueSchema,
});
export type CustomerField = z.infer<typeof customerFieldSchema>;

/** GET /api/customers/:id/profile-fields */
export const customerFieldsResponseSchema = z.object({
  fields: z.array(customerFieldSchema),
  /** The actor's 跟进状态 on their own follow (null: not set, or the actor does not follow the customer). */
  stage: z.enum(FOLLOW_STAGES).nullable(),
  stageLabel: z.string().nullable(),
  /** Counted fields still empty, in display order: the hint "还差 肤质、生日". */
  missing: z.array(z.string()),
  filled: z.number().int(),
  counted: z.number().int(),
  /** The actor follows the customer, so may fill fields (mirrored tags are written on that follow). */
  editable: z.boolean(),
});
export type CustomerFieldsResponse = z.infer<typeof customerFieldsResponseSchema>;

/** PATCH /api/customers/:id/profile-fields — only the keys given change; null clears a value. */
export const updateCustomerFieldsRequestSchema = z
  .object({
    values: z.record(fieldKeySchema, fieldValueSchema).default({}),
    stage: z.enum(FOLLOW_STAGES).nullable().optional(),
  })
  .refine((v) => Object.keys(v.values).length > 0 || v.stage !== undefined, { message: 'values 与 stage 至少填写一项' })
  .refine((v) => Object.keys(v.values).length <= 50, { message: '一次最多修改 50 个字段' });
export type UpdateCustomerFieldsRequest = z.input<typeof updateCustomerFieldsRequestSchema>;

/** The 资料 block after the change, and the tag block when a mirrored choice changed tags in WeCom. */
export const updateCustomerFieldsResponseSchema = customerFieldsResponseSchema.extend({
  tagGroups: z.array(profileTagGroupSchema).nullable(),
});
export type UpdateCustomerFieldsResponse = z.infer<typeof updateCustomerFieldsResponseSchema>;
