import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * WXBizMsgCrypt — the callback crypto of WeCom (wecom-api.md §9.3):
 * - msg_signature = sha1_hex(sort([token, timestamp, nonce, encrypt]).join(''))
 * - AESKey = base64(EncodingAESKey + '='), 32 bytes; AES-256-CBC, IV = AESKey[0..16)
 * - plaintext = random(16) ‖ msg_len (uint32 BE) ‖ msg (UTF-8) ‖ receiveid, PKCS#7-padded to 32-byte blocks
 * Error codes are the official library's return codes (-40001 …) so logs read like WeCom's docs.
 */

export const CRYPTO_ERRORS = {
  validateSignature: -40001,
  parseXml: -40002,
  illegalAesKey: -40004,
  validateCorpId: -40005,
  encryptAes: -40006,
  decryptAes: -40007,
  illegalBuffer: -40008,
  decodeBase64: -40010,
} as const;
export type CryptoErrorCode = (typeof CRYPTO_ERRORS)[keyof typeof CRYPTO_ERRORS];

/** A callback could not be verified or decrypted; `code` is the WXBizMsgCrypt return code. */
export class WecomCryptoError extends Error {
  constructor(
    readonly code: CryptoErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WecomCryptoError';
  }
}

/** What one callback endpoint is configured with (Token, EncodingAESKey, and the corp id = receiveid). */
export interface CallbackCryptoConfig {
  token: string;
  /** The 43-character EncodingAESKey. */
  aesKey: string;
  /** corpid for self-built apps (suiteid for third-party apps). */
  receiveId: string;
}

const BLOCK = 32;

/** Decodes the EncodingAESKey into the AES key and IV; throws -40004 unless it decodes to 32 bytes. */
export function parseAesKey(encodingAesKey: string): { key: Buffer; iv: Buffer } {
  if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey)) {
    throw new WecomCryptoError(CRYPTO_ERRORS.illegalAesKey, 'EncodingAESKey must be 43 base64 characters');
  }
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new WecomCryptoError(CRYPTO_ERRORS.illegalAesKey, 'EncodingAESKey does not decode to 32 bytes');
  return { key, iv: key.subarray(0, 16) };
}

/** msg_signature over the 4 strings, sorted lexicographically (JS default sort, like @wecom/crypto). */
export function signature(token: string, timestamp: string | number, nonce: string | number, encrypt: string): string {
  return createHash('sha1')
    .update([token, String(timestamp), String(nonce), encrypt].sort().join(''))
    .digest('hex');
}

/** Constant-time comparison of the expected signature with the one received. */
export function verifySignature(token: string, timestamp: string, nonce: string, encrypt: string, msgSignature: string): boolean {
  const expected = Buffer.from(signature(token, timestamp, nonce, encrypt), 'utf8');
  const actual = Buffer.from(msgSignature.toLowerCase(), 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function pkcs7Pad(data: Buffer): Buffer {
  const pad = BLOCK - (data.length % BLOCK);
  return Buffer.concat([data, Buffer.alloc(pad, pad)]);
}

/** Official behaviour: a pad byte outside 1..32 means "no padding" (pad = 0). */
function pkcs7Unpad(data: Buffer): Buffer {
  const pad = data[data.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK || pad > data.length) return data;
  return data.subarray(0, data.length - pad);
}

/**
 * Encrypts a message for receiveId; returns msg_encrypt (standard base64).
 * `random` (16 bytes) is for deterministic tests; production uses randomBytes.
 */
export function encrypt(encodingAesKey: string, message: string, receiveId: string, random: Buffer = randomBytes(16)): string {
  if (random.length !== 16) throw new WecomCryptoError(CRYPTO_ERRORS.encryptAes, 'random must be 16 bytes');
  const { key, iv } = parseAesKey(encodingAesKey);
  const msg = Buffer.from(message, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length, 0);
  const plain = pkcs7Pad(Buffer.concat([random, len, msg, Buffer.from(receiveId, 'utf8')]));
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

export interface Decrypted {
  message: string;
  receiveId: string;
  random: Buffer;
}

/**
 * Decrypts msg_encrypt. When `expectedReceiveId` is given, a different
 * receiveid is rejected with -40005 (a message for another corp).
 */
export function decrypt(encodingAesKey: string, msgEncrypt: string, expectedReceiveId?: string): Decrypted {
  const { key, iv } = parseAesKey(encodingAesKey);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(msgEncrypt)) {
    throw new WecomCryptoError(CRYPTO_ERRORS.decodeBase64, 'ciphertext is not base64');
  }
  const cipherText = Buffer.from(msgEncrypt, 'base64');
  if (cipherText.length === 0 || cipherText.length % 16 !== 0) {
    throw new WecomCryptoError(CRYPTO_ERRORS.decryptAes, 'ciphertext length is not a multiple of the AES block');
  }
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    decipher.setAutoPadding(false);
    plain = pkcs7Unpad(Buffer.concat([decipher.update(cipherText), decipher.final()]));
  } catch {
    throw new WecomCryptoError(CRYPTO_ERRORS.decryptAes, 'AES decryption failed');
  }
  if (plain.length < 20) throw new WecomCryptoError(CRYPTO_ERRORS.illegalBuffer, 'decrypted buffer too short');
  const len = plain.readUInt32BE(16);
  if (20 + len > plain.length) throw new WecomCryptoError(CRYPTO_ERRORS.illegalBuffer, 'message length exceeds buffer');
  const message = plain.subarray(20, 20 + len).toString('utf8');
  const receiveId = plain.subarray(20 + len).toString('utf8');
  if (expectedReceiveId !== undefined && receiveId !== expectedReceiveId) {
    throw new WecomCryptoError(CRYPTO_ERRORS.validateCorpId, 'receiveid does not match the configured corp id');
  }
  return { message, receiveId, random: Buffer.from(plain.subarray(0, 16)) };
}

/** Query of the GET URL-verification request (already URL-decoded). */
export interface VerifyUrlQuery {
  msg_signature: string;
  timestamp: string;
  nonce: string;
  echostr: string;
}

/**
 * URL verification: checks msg_signature over echostr, decrypts it and
 * returns the plaintext to echo back (no quotes, no newline).
 */
export function verifyUrl(cfg: CallbackCryptoConfig, q: VerifyUrlQuery): string {
  if (!verifySignature(cfg.token, q.timestamp, q.nonce, q.echostr, q.msg_signature)) {
    throw new WecomCryptoError(CRYPTO_ERRORS.validateSignature, 'msg_signature mismatch');
  }
  return decrypt(cfg.aesKey, q.echostr, cfg.receiveId).message;
}

/** Verifies msg_signature over the envelope's Encrypt text, then decrypts it (checking the receiveid). */
export function decryptMessage(
  cfg: CallbackCryptoConfig,
  q: { msg_signature: string; timestamp: string; nonce: string },
  msgEncrypt: string,
): string {
  if (!verifySignature(cfg.token, q.timestamp, q.nonce, msgEncrypt, q.msg_signature)) {
    throw new WecomCryptoError(CRYPTO_ERRORS.validateSignature, 'msg_signature mismatch');
  }
  return decrypt(cfg.aesKey, msgEncrypt, cfg.receiveId).message;
}

export interface EncryptedMessage {
  encrypt: string;
  msgSignature: string;
  timestamp: string;
  nonce: string;
}

/**
 * The sender's side (used by the simulator): encrypts a message and signs it.
 * Defaults: timestamp = now (seconds), nonce = random digits, random = 16 random bytes.
 */
export function encryptMessage(
  cfg: CallbackCryptoConfig,
  message: string,
  opts: { timestamp?: string | number; nonce?: string | number; random?: Buffer } = {},
): EncryptedMessage {
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = String(opts.nonce ?? randomBytes(4).readUInt32BE(0));
  const enc = encrypt(cfg.aesKey, message, cfg.receiveId, opts.random);
  return { encrypt: enc, msgSignature: signature(cfg.token, timestamp, nonce, enc), timestamp, nonce };
}

/**
 * JS-SDK config/agentConfig signature (§8): sha1 of the fixed-order query string,
 * no URL-encoding; `url` must not contain the `#…` fragment.
 */
export function jsapiSignature(ticket: string, nonceStr: string, timestamp: string | number, url: string): string {
  return createHash('sha1').update(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${url}`).digest('hex');
}
