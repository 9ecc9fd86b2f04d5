/** What other features may use of channels: the image cache behind image messages. */
export { assertAssets, mediaIdFor, storeImage } from './media-cache.ts';
export { CHANNEL_ROTATE_JOB } from './channels.jobs.ts';
