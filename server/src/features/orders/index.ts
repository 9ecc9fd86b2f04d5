/** What other features may use of the orders feature. */
export { attachUnmatchedOrders } from './attach.ts';
export { ingestOrders } from './ingest.ts';
