export { timelineQuerySchema } from '../../../../shared/src/api/timeline.ts';
export { idParamSchema } from '../../../../shared/src/api/page.ts';
