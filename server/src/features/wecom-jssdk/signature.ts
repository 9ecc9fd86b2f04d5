import { createHash, randomBytes } from 'node:crypto';

/**
 * wecom-api.md §8: sha1_hex("jsapi_ticket=" + ticket + "&noncestr=" + nonce +
 * "&timestamp=" + ts + "&url=" + url) — fixed order, no URL-encoding, url
 * without its #fragment.
 */
export function jssdkSignature(ticket: string, nonceStr: string, timestamp: number, url: string): string {
  const page = url.split('#')[0] ?? url;
  return createHash('sha1').update(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${page}`).digest('hex');
}

/** A 16-character [A-Za-z0-9] nonce. */
export function nonce(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join('');
}
