import { execFileSync } from 'node:child_process';
import { constants, createHash, generateKeyPairSync, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ChatDataItem } from '@server/features/archive/message.ts';
import { standinEncrypt } from '@server/features/archive/standin-cipher.ts';

/**
 * Test and bench support: RSA key versions, encrypted GetChatData records, the
 * compiled stand-in SDK and message builders. Not used by the running server.
 */

export const STANDIN_SOURCE = resolve(import.meta.dirname, '../../native/finance-sdk-standin/finance_sdk_standin.c');

let compiled: string | undefined;

/**
 * Compiles the stand-in SDK with the system C compiler (`$CC` or cc) into the temp
 * dir, once per source version: the file name carries a hash of the source, and the
 * build goes to a private name first and is renamed into place, so parallel test
 * processes never load a half-written library. Returns the .so path.
 */
export function compileStandin(): string {
  if (compiled) return compiled;
  const hash = createHash('sha256').update(readFileSync(STANDIN_SOURCE)).digest('hex').slice(0, 16);
  const out = join(tmpdir(), `libWeWorkFinanceSdk_C-standin-${hash}.so`);
  if (!existsSync(out)) {
    const dir = mkdtempSync(join(tmpdir(), 'finance-standin-'));
    const tmp = join(dir, 'libWeWorkFinanceSdk_C.so');
    execFileSync(process.env.CC ?? 'cc', ['-shared', '-fPIC', '-O2', '-o', tmp, STANDIN_SOURCE], { stdio: 'pipe' });
    renameSync(tmp, out);
    rmSync(dir, { recursive: true, force: true });
  }
  compiled = out;
  return out;
}

export interface KeyVersion {
  ver: number;
  publicKey: KeyObject;
  /** PEM of the private key in the requested format. */
  privatePem: string;
}

/** A fresh RSA key pair for a publickey_ver, its private key exported as PKCS#1 or PKCS#8 PEM. */
export function makeKeyVersion(ver: number, format: 'pkcs1' | 'pkcs8', modulusLength = 2048): KeyVersion {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength });
  const privatePem = privateKey.export({ type: format, format: 'pem' }).toString();
  return { ver, publicKey, privatePem };
}

/** The WECOM_ARCHIVE_PRIVATE_KEYS value for these versions. */
export function privateKeysJson(versions: KeyVersion[]): string {
  return JSON.stringify(Object.fromEntries(versions.map((v) => [String(v.ver), v.privatePem])));
}

/** Encrypts one decrypted message as WeCom would ship it: RSA(PKCS#1 v1.5) random key + stand-in cipher. */
export function encryptRecord(seq: number, message: { msgid: string }, key: Pick<KeyVersion, 'ver' | 'publicKey'>): ChatDataItem {
  const randomKey = randomBytes(16).toString('hex');
  return {
    seq,
    msgid: message.msgid,
    publickey_ver: key.ver,
    encrypt_random_key: publicEncrypt({ key: key.publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(randomKey)).toString(
      'base64',
    ),
    encrypt_chat_msg: standinEncrypt(randomKey, JSON.stringify(message)),
  };
}

/**
 * Writes the stand-in's data file (`<seq>\t<json>` lines); returns its path. One file per
 * process, overwritten each time: standin_load_data reads it into memory at once.
 */
export function writeStandinData(items: ChatDataItem[], dir = join(tmpdir(), `finance-data-${process.pid}`)): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'chatdata.tsv');
  writeFileSync(path, items.map((i) => `${i.seq}\t${JSON.stringify(i)}\n`).join(''));
  return path;
}

/** Builders of decrypted messages (wecom-api.md §10.4 shapes). */
export const msg = {
  text: (msgid: string, from: string, to: string, at: Date, content: string, roomid = '') => ({
    msgid,
    action: 'send',
    from,
    tolist: [to],
    roomid,
    msgtime: at.getTime(),
    msgtype: 'text',
    text: { content },
  }),
  image: (msgid: string, from: string, to: string, at: Date) => ({
    msgid,
    action: 'send',
    from,
    tolist: [to],
    roomid: '',
    msgtime: at.getTime(),
    msgtype: 'image',
    image: { md5sum: '50de8e5ae8ffe4f1df7a93841f71993a', filesize: 70961, sdkfileid: `file-${msgid}` },
  }),
  link: (msgid: string, from: string, to: string, at: Date, title: string) => ({
    msgid,
    action: 'send',
    from,
    tolist: [to],
    roomid: '',
    msgtime: at.getTime(),
    msgtype: 'link',
    link: { title, description: '', link_url: 'https://example.com/p/1', image_url: '' },
  }),
  revoke: (msgid: string, from: string, to: string, at: Date, preMsgid: string) => ({
    msgid,
    action: 'recall',
    from,
    tolist: [to],
    roomid: '',
    msgtime: at.getTime(),
    msgtype: 'revoke',
    revoke: { pre_msgid: preMsgid },
  }),
  agree: (msgid: string, external: string, staff: string, at: Date) => ({
    msgid,
    action: 'send',
    from: external,
    tolist: [staff],
    roomid: '',
    msgtime: at.getTime(),
    msgtype: 'agree',
    agree: { userid: external, agree_time: at.getTime() },
  }),
  disagree: (msgid: string, external: string, staff: string, at: Date) => ({
    msgid,
    action: 'send',
    from: external,
    tolist: [staff],
    roomid: '',
    msgtime: at.getTime(),
    msgtype: 'disagree',
    disagree: { userid: external, disagree_time: at.getTime() },
  }),
  switch: (msgid: string, user: string, at: Date) => ({ msgid, action: 'switch', time: at.getTime(), user }),
};
