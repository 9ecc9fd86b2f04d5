import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * The OAuth2 `state`: WeCom allows only [a-zA-Z0-9] and ≤128 bytes, so the
 * redirect path travels hex-encoded, with an expiry, a random nonce and an HMAC:
 *   state = sig(24 hex) + exp(7 base36, zero-padded) + nonce(6 base36) + hex(redirect)
 * A redirect too long to fit becomes '/'. Valid for STATE_TTL_SECONDS.
 * The HMAC proves we issued it; the state cookie proves this browser asked for it.
 */
export const STATE_TTL_SECONDS = 600;
/** Holds the state of the login this browser started, until the callback consumes it. */
export const OAUTH_STATE_COOKIE = 'dg_oauth_state';
const SIG_LEN = 24;
const EXP_LEN = 7;
const NONCE_LEN = 6;
const MAX_STATE = 128;

function sign(secret: string, exp: string, nonce: string, redirectHex: string): string {
  return createHmac('sha256', `oauth-state:${secret}`).update(`${exp}.${nonce}.${redirectHex}`).digest('hex').slice(0, SIG_LEN);
}

/** True for a same-site path ('/x', not '//host' or 'http:…'). */
export function isSafeRedirect(path: string): boolean {
  return /^\/(?![/\\])/.test(path) && !/[\r\n]/.test(path);
}

export function makeState(secret: string, redirect: string, nowMs = Date.now()): string {
  let hex = Buffer.from(isSafeRedirect(redirect) ? redirect : '/', 'utf8').toString('hex');
  if (SIG_LEN + EXP_LEN + NONCE_LEN + hex.length > MAX_STATE) hex = Buffer.from('/', 'utf8').toString('hex');
  const exp = Math.floor(nowMs / 1000 + STATE_TTL_SECONDS)
    .toString(36)
    .padStart(EXP_LEN, '0');
  // Two logins in the same second to the same page still get different states.
  const nonce = randomInt(36 ** NONCE_LEN)
    .toString(36)
    .padStart(NONCE_LEN, '0');
  return `${sign(secret, exp, nonce, hex)}${exp}${nonce}${hex}`;
}

/** The redirect carried by a valid, unexpired state; undefined otherwise. */
export function readState(secret: string, state: string, nowMs = Date.now()): string | undefined {
  if (!/^[0-9a-z]+$/.test(state) || state.length < SIG_LEN + EXP_LEN + NONCE_LEN + 2) return undefined;
  const sig = state.slice(0, SIG_LEN);
  const exp = state.slice(SIG_LEN, SIG_LEN + EXP_LEN);
  const nonce = state.slice(SIG_LEN + EXP_LEN, SIG_LEN + EXP_LEN + NONCE_LEN);
  const hex = state.slice(SIG_LEN + EXP_LEN + NONCE_LEN);
  if (hex.length % 2 !== 0 || !/^[0-9a-f]+$/.test(hex)) return undefined;
  const expected = Buffer.from(sign(secret, exp, nonce, hex));
  if (!timingSafeEqual(expected, Buffer.from(sig))) return undefined;
  if (parseInt(exp, 36) * 1000 < nowMs) return undefined;
  const redirect = Buffer.from(hex, 'hex').toString('utf8');
  return isSafeRedirect(redirect) ? redirect : undefined;
}

/** True when the callback's state is the one this browser's login started with (constant time). */
export function isBoundState(cookieValue: string | undefined, state: string): boolean {
  if (!cookieValue) return false;
  const a = Buffer.from(cookieValue);
  const b = Buffer.from(state);
  return a.length === b.length && timingSafeEqual(a, b);
}
