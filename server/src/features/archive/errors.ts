/**
 * Errors of the session-archive SDK (WeWorkFinanceSdk_C return codes 10000–10011,
 * wecom-api.md §10.2), one class per code so callers can branch with instanceof.
 */
export class FinanceSdkError extends Error {
  constructor(
    readonly code: number,
    /** The SDK function that returned the code (Init, GetChatData, DecryptData). */
    readonly fn: string,
    message: string,
    /** Worth retrying later (network / system failures); the others need an operator. */
    readonly retryable = false,
  ) {
    super(`${fn} failed with ${code}: ${message}`);
    this.name = new.target.name;
  }
}

export class FinanceSdkParamError extends FinanceSdkError {}
export class FinanceSdkNetworkError extends FinanceSdkError {}
export class FinanceSdkParseError extends FinanceSdkError {}
export class FinanceSdkSystemError extends FinanceSdkError {}
export class FinanceSdkEncryptKeyError extends FinanceSdkError {}
export class FinanceSdkFileIdError extends FinanceSdkError {}
export class FinanceSdkDecryptError extends FinanceSdkError {}
export class FinanceSdkKeyVersionError extends FinanceSdkError {}
export class FinanceSdkEncryptKeyParseError extends FinanceSdkError {}
export class FinanceSdkIpError extends FinanceSdkError {}
export class FinanceSdkDataExpiredError extends FinanceSdkError {}
export class FinanceSdkCertError extends FinanceSdkError {}

type FinanceSdkErrorClass = new (code: number, fn: string, message: string, retryable?: boolean) => FinanceSdkError;

/** code → [class, official meaning, retryable] (names follow §10.2). */
export const FINANCE_SDK_CODES: ReadonlyMap<number, readonly [FinanceSdkErrorClass, string, boolean]> = new Map([
  [10000, [FinanceSdkParamError, '参数错误，请求参数错误', false]],
  [10001, [FinanceSdkNetworkError, '网络错误，网络请求错误', true]],
  [10002, [FinanceSdkParseError, '数据解析失败', false]],
  [10003, [FinanceSdkSystemError, '系统失败', true]],
  [10004, [FinanceSdkEncryptKeyError, '密钥错误导致加密失败', false]],
  [10005, [FinanceSdkFileIdError, 'fileid错误', false]],
  [10006, [FinanceSdkDecryptError, '解密失败', false]],
  [10007, [FinanceSdkKeyVersionError, '找不到消息加密版本的私钥，需要重新传入私钥对', false]],
  [10008, [FinanceSdkEncryptKeyParseError, '解析encrypt_key出错', false]],
  [10009, [FinanceSdkIpError, 'ip非法', false]],
  [10010, [FinanceSdkDataExpiredError, '数据过期', false]],
  [10011, [FinanceSdkCertError, '证书错误', false]],
] as const);

/** The typed error for an SDK return code (an unknown non-zero code is a plain FinanceSdkError). */
export function financeSdkError(code: number, fn: string): FinanceSdkError {
  const known = FINANCE_SDK_CODES.get(code);
  if (!known) return new FinanceSdkError(code, fn, 'unknown SDK error');
  const [Cls, message, retryable] = known;
  return new Cls(code, fn, message, retryable);
}

/** GetChatData answered JSON with errcode ≠ 0 (a WeCom server-side error such as 301052). */
export class ArchiveApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`GetChatData answered errcode ${errcode} ${errmsg}`);
    this.name = 'ArchiveApiError';
  }
}

/** A record could not be decrypted with the configured keys (no key for its publickey_ver, bad padding). */
export class ArchiveKeyError extends Error {
  constructor(
    readonly publickeyVer: number,
    message: string,
  ) {
    super(message);
    this.name = 'ArchiveKeyError';
  }
}

/** Another puller holds the lease (or took it over mid-run): this run stops without writing. */
export class ArchiveLeaseLostError extends Error {
  constructor() {
    super('archive pull lease is held by another puller');
    this.name = 'ArchiveLeaseLostError';
  }
}
