import { constants, createPrivateKey, privateDecrypt, type KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { ArchiveKeyError } from './errors.ts';
import { RsaPool } from './rsa-pool.ts';

/** WECOM_ARCHIVE_PRIVATE_KEYS: {"<publickey_ver>": "<PEM>"} with PKCS#1 or PKCS#8 PEMs. */
export const privateKeysSchema = z.record(z.string().regex(/^\d+$/, 'publickey_ver must be a number'), z.string().includes('PRIVATE KEY'));

/**
 * The archive's RSA private keys by publickey_ver. WeCom encrypts each message's
 * random key with the public key of the version current at the time, so several
 * versions stay needed after a key rotation.
 */
export class ArchiveKeyRing {
  private readonly keys = new Map<number, KeyObject>();
  private readonly pems: Record<string, string>;
  private pool: RsaPool | undefined;

  /** Batches at least this big go to the worker pool (below it, thread hops cost more than they save). */
  static readonly POOL_THRESHOLD = 64;

  constructor(pems: Record<string, string>) {
    this.pems = privateKeysSchema.parse(pems);
    for (const [ver, pem] of Object.entries(this.pems)) {
      // createPrivateKey reads both "BEGIN RSA PRIVATE KEY" (PKCS#1) and "BEGIN PRIVATE KEY" (PKCS#8).
      this.keys.set(Number(ver), createPrivateKey(pem));
    }
  }

  /** Parses the env value (JSON object); throws with a message naming the problem, never the key. */
  static fromJson(json: string): ArchiveKeyRing {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      throw new Error('WECOM_ARCHIVE_PRIVATE_KEYS must be a JSON object {"<publickey_ver>": "<PEM>"}');
    }
    return new ArchiveKeyRing(privateKeysSchema.parse(value));
  }

  /**
   * Decrypts a batch of random keys (same result as decryptRandomKey per item), on
   * worker threads when the batch is large and the machine has more than one core.
   */
  async decryptRandomKeys(items: Array<{ publickey_ver: number; encrypt_random_key: string }>): Promise<string[]> {
    if (items.length < ArchiveKeyRing.POOL_THRESHOLD || availableParallelism() < 2) {
      return items.map((i) => this.decryptRandomKey(i.publickey_ver, i.encrypt_random_key));
    }
    for (const i of items)
      if (!this.keys.has(i.publickey_ver))
        throw new ArchiveKeyError(i.publickey_ver, `no private key for publickey_ver ${i.publickey_ver}`);
    this.pool ??= new RsaPool(this.pems);
    return this.pool.decrypt(items.map((i) => [i.publickey_ver, i.encrypt_random_key]));
  }

  /** Stops the worker threads (they are unref'd, so forgetting this does not keep a process alive). */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close();
  }

  versions(): number[] {
    return [...this.keys.keys()].sort((a, b) => a - b);
  }

  /**
   * RSA-decrypts a record's encrypt_random_key (base64, PKCS#1 v1.5) with the key of
   * its publickey_ver. Node 20 refuses RSA_PKCS1_PADDING for private decryption
   * (CVE-2023-46809, a padding-oracle concern for servers that answer decryption
   * requests), so the raw RSA result is unpadded here; we decrypt data pulled from
   * WeCom and never reveal padding failures to a requester, so there is no oracle.
   */
  decryptRandomKey(publickeyVer: number, encryptRandomKey: string): string {
    const key = this.keys.get(publickeyVer);
    if (!key) throw new ArchiveKeyError(publickeyVer, `no private key for publickey_ver ${publickeyVer}`);
    let raw: Buffer;
    try {
      raw = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, Buffer.from(encryptRandomKey, 'base64'));
    } catch {
      throw new ArchiveKeyError(publickeyVer, `encrypt_random_key is not decryptable with key version ${publickeyVer}`);
    }
    return unpadPkcs1Type2(raw, publickeyVer).toString('utf8');
  }
}

/** EM = 0x00 ‖ 0x02 ‖ PS (≥ 8 non-zero bytes) ‖ 0x00 ‖ M (RFC 8017 §7.2.2). */
function unpadPkcs1Type2(em: Buffer, ver: number): Buffer {
  if (em.length < 11 || em[0] !== 0x00 || em[1] !== 0x02) throw new ArchiveKeyError(ver, 'bad PKCS#1 v1.5 padding (wrong key version?)');
  const sep = em.indexOf(0x00, 2);
  if (sep < 10) throw new ArchiveKeyError(ver, 'bad PKCS#1 v1.5 padding (wrong key version?)');
  return em.subarray(sep + 1);
}
