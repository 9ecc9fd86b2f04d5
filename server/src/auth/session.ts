import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * A stateless session: base64url(JSON claims) + "." + base64url(HMAC-SHA256).
 * Stateless so any number of server instances accept it; it expires by `exp`.
 */
export const sessionClaimsSchema = z.object({
  sid: z.number().int().positive(), // staff.id
  uid: z.string().min(1), // WeCom userid
  exp: z.number().int(), // unix seconds
});
export type SessionClaims = z.infer<typeof sessionClaimsSchema>;

export const SESSION_COOKIE = 'dg_session';

const b64 = (buf: Buffer) => buf.toString('base64url');
const mac = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest();

export function signSession(secret: string, claims: SessionClaims): string {
  const body = b64(Buffer.from(JSON.stringify(claims)));
  return `${body}.${b64(mac(secret, body))}`;
}

/** body "." 43-character signature, both unpadded base64url; nothing before, between or after. */
const TOKEN_SHAPE = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/;

/**
 * The claims of a valid, unexpired token; undefined for anything else (forged, expired, malformed).
 * The signature must be the exact encoding we issue: base64url decoding ignores the low bits of
 * the last character and anything that is not base64url, so decoded bytes alone would accept variants.
 */
export function verifySession(secret: string, token: string, nowMs = Date.now()): SessionClaims | undefined {
  const shape = TOKEN_SHAPE.exec(token);
  if (!shape) return undefined;
  const [, body = '', sig = ''] = shape;
  const expected = Buffer.from(b64(mac(secret, body)), 'ascii');
  const given = Buffer.from(sig, 'ascii');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const claims = sessionClaimsSchema.safeParse(json);
  if (!claims.success || claims.data.exp * 1000 <= nowMs) return undefined;
  return claims.data;
}
