export { timelineQuerySchema } from '@shared/api/timeline.ts';
export { idParamSchema } from '@shared/api/page.ts';
