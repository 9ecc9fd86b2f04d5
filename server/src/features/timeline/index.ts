export { markContacted } from './contact.ts';
export { InteractionPayloadError, recordInteractions, ROWS_PER_STATEMENT, type NewInteraction } from './record.ts';
export type { InteractionPayload, InteractionPayloadEntry } from '@shared/timeline/payloads.ts';
export { readStoredInteraction, type StoredInteraction, type StoredPayload } from '@shared/timeline/stored.ts';
