/** What other modules may use of the transfer feature (在职/离职继承). */
export { applyTransferFail } from './transfer-fail.ts';
export { runTransfers, setTransferRunOptions } from './transfer-run.ts';
export { enqueueTransferRun, TRANSFER_JOB } from './transfer.jobs.ts';
