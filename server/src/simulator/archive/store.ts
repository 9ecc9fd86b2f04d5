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

/**
 * The simulated archive: encrypted records in seq order, plus consent state the
 * msgaudit check_*_agree APIs answer from. Each message gets a fresh random key,
 * RSA-encrypted (PKCS#1 v1.5) with the public key of the version in force.
 */
export class SimArchive {
  private records: SimChatData[] = [];
  private seq = 0;
  /** `${userid}|${external}` → consent of a 1v1 chat. */
  readonly singleConsent = new Map<string, { status: ConsentStatus; time: number }>();
  /** `${roomid}|${external}` → consent in a group. */
  readonly roomConsent = new Map<string, { status: ConsentStatus; time: number }>();

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
      const randomKey = randomBytes(16).toString('hex');
      this.seq += 1;
      this.records.push({
        seq: this.seq,
        msgid: m.msgid,
        publickey_ver: keyVersion,
        encrypt_random_key: publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(randomKey)).toString('base64'),
        encrypt_chat_msg: standinEncrypt(randomKey, JSON.stringify(m)),
      });
      this.noteConsent(m);
    }
    if (messages.length > 0) this.onAppended?.(messages.length);
    return messages.length;
  }

  /** Records with seq > `seq`, at most `limit` (GetChatData semantics). */
  after(seq: number, limit: number): SimChatData[] {
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
