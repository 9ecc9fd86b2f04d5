import { parseOrKeep, type ArchiveRecord } from './message.ts';
import { MAX_BATCH, type ArchiveSource } from './source.ts';

/** A decrypted record as another tool exported it: seq, msgid and the message JSON (wecom-api.md §10.4 shape). */
export interface DecryptedRecord {
  seq: number;
  msgid: string;
  message: unknown;
}

/**
 * A source over records that are already decrypted — history a corp pulled with another
 * tool before this one (the demo imports its older chats this way instead of paying the RSA
 * decryption of every message again). Records go through the same parsing and storing as pulled ones.
 */
export function createImportSource(read: (afterSeq: number, limit: number) => DecryptedRecord[]): ArchiveSource {
  return {
    kind: 'import',
    fetch: (afterSeq, limit) => {
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_BATCH) throw new RangeError(`limit must be 1..${MAX_BATCH}`);
      const records: ArchiveRecord[] = read(afterSeq, limit)
        .filter((r) => r.seq > afterSeq)
        .map((r) => ({ seq: r.seq, msgid: r.msgid, message: parseOrKeep(r.msgid, JSON.stringify(r.message)) }));
      return Promise.resolve(records);
    },
    close: () => Promise.resolve(),
  };
}
