/** What other features may use of the sync feature: the full sync and the writers callbacks share with it. */
export { runFullSync, SyncAbortedError, type FullSyncOptions, type FullSyncResult, type SyncProgress } from './full-sync.ts';
export { writeCorpTags } from './stages/tags.ts';
export { writeContactBatch, type ContactFollowInput } from './write-contacts.ts';
export { writeGroupChats } from './write-groups.ts';
export { dedupeKey, fromUnix } from './values.ts';
export { failInterruptedRuns } from './run-store.ts';
