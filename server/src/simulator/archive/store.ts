import { constants, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { standinEncrypt } from '@server/features/archive/standin-cipher.ts';

/** One GetChatData record as the simulator serves it. */
export interface SimChatData {
  seq: number;
  msgid: string;
  publickey_ver: number;
  encrypt_random_key: string;
  encrypt_chat_msg: string;
}

/** A decrypted message before encryption (wecom-api.md §10.4 shape). */
export type SimArchiveMessage = { msgid: string; action: string } & Record<string, unknown>;

export type ConsentStatus = 'Agree' | 'Disagree';

/** A stored message before encryption, with the key version it is served under. */
interface StoredMessage {
  seq: number;
  msgid: string;
  keyVersion: number;
  message: SimArchiveMessage;
}

/**
 * The simulated archive: records in seq order, plus consent state the msgaudit
 * check_*_agree APIs answer from. Each served record gets a fresh random key,
 * RSA-encrypted (PKCS#1 v1.5) with the public key of its version; encryption
 * happens when a record is served, so a long history costs nothing until pulled.
 */
export class SimArchive {
  private records: StoredMessage[] = [];
  private seq = 0;
  /** `${userid}|${external}` → consent of a 1v1 chat. */
  readonly singleConsent = new Map<string, { status: ConsentStatus; time: number }>();
  /** `${roomid}|${external}` → consent in a group. */
  readonly roomConsent = new Map<string, { status: ConsentStatus; time: number }>();

  /**
   * While held, GetChatData serves no records. The demo holds its archive until it has imported
   * the older history, so every message is stored in time order (reply turns pair the same way).
   */
  held = false;

  /** Called after every append that added messages (the extension sends msgaudit_notify from it). */
  onAppended: ((count: number) => void) | undefined;

  constructor(
    private readonly publicKeys: Map<number, KeyObject>,
    public keyVersion: number,
  ) {
    if (!publicKeys.has(keyVersion)) throw new Error(`no public key version ${keyVersion}`);
  }

  get size(): number {
    return this.records.length;
  }

  get maxSeq(): number {
    return this.seq;
  }

  versions(): number[] {
    return [...this.publicKeys.keys()].sort((a, b) => a - b);
  }

  /** Appends messages (seq continues); `keyVersion` overrides the version in force for these. */
  append(messages: SimArchiveMessage[], keyVersion = this.keyVersion): number {
    const key = this.publicKeys.get(keyVersion);
    if (!key) throw new Error(`no public key version ${keyVersion}`);
    for (const m of messages) {
      this.seq += 1;
      this.records.push({ seq: this.seq, msgid: m.msgid, keyVersion, message: m });
      this.noteConsent(m);
    }
    if (messages.length > 0) this.onAppended?.(messages.length);
    return messages.length;
  }

  /** Records with seq > `seq`, at most `limit` (GetChatData semantics). */
  after(seq: number, limit: number): SimChatData[] {
    if (this.held) return [];
    return this.slice(seq, limit).map((r) => {
      const key = this.publicKeys.get(r.keyVersion);
      if (!key) throw new Error(`no public key version ${r.keyVersion}`);
      const randomKey = randomBytes(16).toString('hex');
      return {
        seq: r.seq,
        msgid: r.msgid,
        publickey_ver: r.keyVersion,
        encrypt_random_key: publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(randomKey)).toString('base64'),
        encrypt_chat_msg: standinEncrypt(randomKey, JSON.stringify(r.message)),
      };
    });
  }

  /** The same records decrypted (seq, msgid, message): what a puller holds after decryption (demo history import). */
  plainAfter(seq: number, limit: number): Array<{ seq: number; msgid: string; message: SimArchiveMessage }> {
    return this.slice(seq, limit).map(({ seq: s, msgid, message }) => ({ seq: s, msgid, message }));
  }

  /** The highest seq of a message sent before `time` (ms), for a history in time order. */
  lastSeqBefore(time: number): number {
    let last = 0;
    for (const r of this.records) {
      const at = r.message.action === 'switch' ? r.message.time : r.message.msgtime;
      if (typeof at !== 'number' || at >= time) break;
      last = r.seq;
    }
    return last;
  }

  private slice(seq: number, limit: number): StoredMessage[] {
    let lo = 0;
    let hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.records[mid]?.seq ?? 0) <= seq) lo = mid + 1;
      else hi = mid;
    }
    return this.records.slice(lo, lo + limit);
  }

  private noteConsent(m: SimArchiveMessage): void {
    if (m.msgtype !== 'agree' && m.msgtype !== 'disagree') return;
    const from = typeof m.from === 'string' ? m.from : '';
    const to = Array.isArray(m.tolist) && typeof m.tolist[0] === 'string' ? m.tolist[0] : '';
    const roomid = typeof m.roomid === 'string' ? m.roomid : '';
    const time = typeof m.msgtime === 'number' ? Math.floor(m.msgtime / 1000) : Math.floor(Date.now() / 1000);
    const status: ConsentStatus = m.msgtype === 'agree' ? 'Agree' : 'Disagree';
    if (roomid) this.roomConsent.set(`${roomid}|${from}`, { status, time });
    else this.singleConsent.set(`${to}|${from}`, { status, time });
  }
}
