/** What other features may use of follow-ups; everything else in this folder is internal. */
export { FOLLOW_UP_COLUMNS, presentFollowUp } from './follow-ups.presenter.ts';
export type { FollowUpRow } from './follow-ups.presenter.ts';
