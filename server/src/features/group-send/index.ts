/** What other features may use of 群发; everything else in this folder is internal. */
export { resolveTarget } from './targets.ts';
export type { Recipient } from './targets.ts';
