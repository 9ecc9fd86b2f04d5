/** What other features may use of next actions (e.g. the one-call open of the customer page). */
export { nextActions } from './next-actions.service.ts';
