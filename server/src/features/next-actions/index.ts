/** What other features may use of next actions; everything else in this folder is internal. */
export { nextActions, type KnownCustomer } from './next-actions.service.ts';
