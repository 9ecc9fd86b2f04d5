/** What other features may use of 群发; everything else in this folder is internal. */
export { createGroupSend } from './group-send.service.ts';
export { refreshResults } from './results.ts';
