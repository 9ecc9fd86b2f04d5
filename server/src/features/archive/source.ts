import { ArchiveApiError, FINANCE_SDK_CODES, financeSdkError } from './errors.ts';
import type { ArchiveKeyRing } from './keyring.ts';
import { getChatDataResultSchema, parseOrKeep, type ArchiveRecord } from './message.ts';

/** GetChatData allows at most 1000 records per call (wecom-api.md §10.2). */
export const MAX_BATCH = 1000;

/**
 * Where archived messages come from. `fetch(afterSeq, limit)` returns the decrypted
 * messages with seq > afterSeq in seq order, at most `limit` (≤ 1000); an empty
 * array means the archive is drained for now.
 */
export interface ArchiveSource {
  readonly kind: 'sdk' | 'simulator' | 'import';
  fetch(afterSeq: number, limit: number): Promise<ArchiveRecord[]>;
  close(): Promise<void>;
}

/** The two steps that differ between the SDK and the simulator: fetching the raw JSON and DecryptData. */
export interface RawArchive {
  getChatData(afterSeq: number, limit: number): Promise<string>;
  decryptData(randomKey: string, encryptChatMsg: string): string;
}

/**
 * GetChatData JSON → RSA-decrypt each random key with its publickey_ver's key →
 * DecryptData → parsed message. Shared by every source so they decrypt identically.
 */
export async function fetchDecrypted(raw: RawArchive, keys: ArchiveKeyRing, afterSeq: number, limit: number): Promise<ArchiveRecord[]> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_BATCH) throw new RangeError(`limit must be 1..${MAX_BATCH}`);
  const result = getChatDataResultSchema.parse(JSON.parse(await raw.getChatData(afterSeq, limit)));
  // The simulator's HTTP stand-in reports SDK return codes as errcode; map them to the same typed errors.
  if (FINANCE_SDK_CODES.has(result.errcode)) throw financeSdkError(result.errcode, 'GetChatData');
  if (result.errcode !== 0) throw new ArchiveApiError(result.errcode, result.errmsg);
  const items = result.chatdata.filter((i) => i.seq > afterSeq);
  const randomKeys = await keys.decryptRandomKeys(items);
  const records: ArchiveRecord[] = items.map((item, i) => ({
    seq: item.seq,
    msgid: item.msgid,
    message: parseOrKeep(item.msgid, raw.decryptData(randomKeys[i] ?? '', item.encrypt_chat_msg)),
  }));
  return records.sort((a, b) => a.seq - b.seq);
}

/** Every record after `afterSeq`, batch by batch (for tools; the puller fetches one batch per transaction). */
export async function* batches(source: ArchiveSource, afterSeq: number, limit = MAX_BATCH): AsyncGenerator<ArchiveRecord[]> {
  let seq = afterSeq;
  for (;;) {
    const batch = await source.fetch(seq, limit);
    if (batch.length === 0) return;
    yield batch;
    seq = batch[batch.length - 1]?.seq ?? seq;
  }
}
