/** What other features may use of the RFM feature. */
export { COUNTED_ORDER_SQL } from './aggregate-sql.ts';
export { rescoreCustomers } from './incremental.ts';
export { runRfmRecompute } from './recompute.ts';
export { enqueueRfm } from './rfm.jobs.ts';
