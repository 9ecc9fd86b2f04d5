export { createFollowUpRequestSchema, updateFollowUpRequestSchema } from '@shared/api/follow-ups.ts';
export { idParamSchema } from '@shared/api/page.ts';
