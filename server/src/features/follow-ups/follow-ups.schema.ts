export { createFollowUpRequestSchema, updateFollowUpRequestSchema } from '../../../../shared/src/api/follow-ups.ts';
export { idParamSchema } from '../../../../shared/src/api/page.ts';
