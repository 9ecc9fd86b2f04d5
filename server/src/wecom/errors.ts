/**
 * Errors of the WeCom client. Two families:
 * - WecomApiError: WeCom answered with errcode ≠ 0 (HTTP 200, business error).
 * - WecomTransportError: no usable answer (HTTP ≥ 500, timeout, connection
 *   error, non-JSON body) or an answer that does not match the documented shape.
 * Neither carries the access_token, secret or full URL — only the API path.
 */

/** Notable errcodes (wecom-api.md §3). */
export const WECOM_ERRCODES = {
  systemBusy: -1,
  invalidSecret: 40001,
  invalidUserIdLegacy: 40003,
  invalidCorpId: 40013,
  invalidAccessToken: 40014,
  invalidOauthCode: 40029,
  invalidParameter: 40058,
  invalidTagId: 40068,
  invalidTagName: 40071,
  invalidExternalUserid: 40096,
  missingAccessToken: 41001,
  accessTokenExpired: 42001,
  /** Suite/provider token expiry; treated like 42001. */
  tokenExpired42009: 42009,
  rateLimited: 45009,
  concurrencyLimited: 45033,
  apiForbidden: 48002,
  noPrivilege: 60011,
  ipNotAllowed: 60020,
  userNotFound: 60111,
  ownerFilterRequired: 81017,
  relationGone: 84061,
  noExternalContactPermission: 84074,
} as const;

const TOKEN_CODES = new Set<number>([40014, 42001, 42009]);
const RETRYABLE_CODES = new Set<number>([-1, 45009, 45033]);

/** WeCom answered with a business error (errcode ≠ 0). */
export class WecomApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    /** API path without query string, e.g. /cgi-bin/externalcontact/get. */
    readonly path: string,
  ) {
    super(`WeCom ${path} failed: errcode ${errcode} ${errmsg}`);
    this.name = 'WecomApiError';
  }
}

/** No usable answer from WeCom: HTTP ≥ 500, timeout, connection error or an undocumented body. */
export class WecomTransportError extends Error {
  constructor(
    readonly kind: 'http' | 'timeout' | 'network' | 'invalid_body',
    readonly path: string,
    message: string,
    /** HTTP status for kind 'http'. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`WeCom ${path}: ${message}`, options);
    this.name = 'WecomTransportError';
  }
}

/** The response had errcode 0 (or a missing envelope) but did not match the documented shape. */
export class WecomSchemaError extends WecomTransportError {
  constructor(
    path: string,
    readonly issues: Array<{ path: string; message: string }>,
  ) {
    super('invalid_body', path, `response does not match the documented shape: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'WecomSchemaError';
  }
}

/** Any error thrown by WecomClient. */
export type WecomError = WecomApiError | WecomTransportError;

export function isWecomApiError(err: unknown, errcode?: number): err is WecomApiError {
  return err instanceof WecomApiError && (errcode === undefined || err.errcode === errcode);
}

/** 84061: the member–customer relation no longer exists (deleted on either side). Not a crash: mark the relation lost. */
export function isRelationGone(err: unknown): err is WecomApiError {
  return isWecomApiError(err, WECOM_ERRCODES.relationGone);
}

/** 40096: the external_userid is not valid for this corp/app (wrong subject, follower not visible). */
export function isInvalidExternalUserid(err: unknown): err is WecomApiError {
  return isWecomApiError(err, WECOM_ERRCODES.invalidExternalUserid);
}

/** 60111 (and legacy 40003): the member userid does not exist. */
export function isInvalidUserid(err: unknown): err is WecomApiError {
  return isWecomApiError(err, WECOM_ERRCODES.userNotFound) || isWecomApiError(err, WECOM_ERRCODES.invalidUserIdLegacy);
}

/** 40058: a parameter was rejected (bad JSON, too long, array too long). */
export function isInvalidParameter(err: unknown): err is WecomApiError {
  return isWecomApiError(err, WECOM_ERRCODES.invalidParameter);
}

/** 40029: the OAuth code was used twice or is older than 5 minutes. */
export function isInvalidOauthCode(err: unknown): err is WecomApiError {
  return isWecomApiError(err, WECOM_ERRCODES.invalidOauthCode);
}

/** 60011 / 48002 / 84074 / 60020: the app may not see or do this. */
export function isPermissionDenied(err: unknown): err is WecomApiError {
  return err instanceof WecomApiError && [60011, 48002, 84074, 60020, 301002].includes(err.errcode);
}

/** 40014 / 42001 / 42009: the access token is invalid or expired — refresh and retry once. */
export function isTokenErrcode(errcode: number): boolean {
  return TOKEN_CODES.has(errcode);
}
export function isTokenError(err: unknown): err is WecomApiError {
  return err instanceof WecomApiError && isTokenErrcode(err.errcode);
}

/** -1 system busy, 45009 frequency limit, 45033 concurrency limit: retry with backoff. */
export function isRetryableErrcode(errcode: number): boolean {
  return RETRYABLE_CODES.has(errcode);
}
export function isRateLimited(err: unknown): err is WecomApiError {
  return isWecomApiError(err, WECOM_ERRCODES.rateLimited) || isWecomApiError(err, WECOM_ERRCODES.concurrencyLimited);
}

/** Errors worth retrying: the retryable errcodes, HTTP 5xx, timeouts and connection errors (not 4xx, not a bad body). */
export function isRetryable(err: unknown): boolean {
  if (err instanceof WecomApiError) return isRetryableErrcode(err.errcode);
  if (err instanceof WecomTransportError) {
    if (err.kind === 'http') return (err.status ?? 0) >= 500;
    return err.kind === 'timeout' || err.kind === 'network';
  }
  return false;
}
