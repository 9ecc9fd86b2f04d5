/** What other modules may use of the WeCom callback feature. */
export { callbackBodyLimit } from './body-limit.ts';
export { processQueuedEvents, type ProcessOptions, type ProcessResult } from './processor.ts';
export { WECOM_EVENTS_JOB } from './wecom-callback.jobs.ts';
export type { StoredCallback } from './wecom-callback.service.ts';
