import { z } from 'zod';

export { createCorpTagRequestSchema, tagGroupSettingsRequestSchema, updateCustomerTagsRequestSchema } from '@shared/api/tags.ts';
export { idParamSchema } from '@shared/api/page.ts';

/** :groupId of a corp tag group (WeCom id). */
export const tagGroupParamSchema = z.object({ groupId: z.string().min(1).max(64) });

/** Setting `tags.guides_can_create`: whether guides (not only managers/admins) may add corp tags. */
export const GUIDES_CAN_CREATE_TAGS_KEY = 'tags.guides_can_create';
export const guidesCanCreateSchema = z.boolean();
