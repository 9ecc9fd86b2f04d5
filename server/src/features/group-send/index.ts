/** What other features may use of 群发; everything else in this folder is internal. */
export { todayLabel } from './compose.ts';
