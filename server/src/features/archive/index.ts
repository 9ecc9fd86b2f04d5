/** What other modules may use of the session archive feature. */
export { ARCHIVE_PULL_JOB, enqueueArchivePull } from './archive.jobs.ts';
export { archiveReasonFor, runArchivePull, setArchiveOptions, type ArchiveOverrides } from './archive-pull.ts';
export { readCheckpoint, rewindCheckpoint } from './lease.ts';
export { presentProfileConsent, profileArchiveConsent, profileConsentJoin, type StoredConsent } from './consent.ts';
export { pullArchive, type PullOptions, type PullSummary } from './puller.ts';
export { createImportSource, type DecryptedRecord } from './import-source.ts';
