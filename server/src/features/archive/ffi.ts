import koffi from 'koffi';
import { financeSdkError } from './errors.ts';

/**
 * koffi binding of libWeWorkFinanceSdk_C.so (WeWorkFinanceSdk_C.h, wecom-api.md §10.2).
 * Pointers are koffi 3 BigInts; every Slice_t is freed in a finally, whatever happens.
 */

type Ptr = bigint;
type NativeFn = ((...args: unknown[]) => unknown) & { async: (...args: unknown[]) => void };

interface FinanceLib {
  NewSdk: NativeFn;
  Init: NativeFn;
  DestroySdk: NativeFn;
  GetChatData: NativeFn;
  DecryptData: NativeFn;
  NewSlice: NativeFn;
  FreeSlice: NativeFn;
  GetContentFromSlice: NativeFn;
  GetSliceLen: NativeFn;
}

const libraries = new Map<string, FinanceLib>();

function bind(path: string): FinanceLib {
  let lib = libraries.get(path);
  if (lib) return lib;
  const handle = koffi.load(path);
  const f = (decl: string): NativeFn => handle.func(decl);
  lib = {
    NewSdk: f('void *NewSdk()'),
    Init: f('int Init(void *sdk, const char *corpid, const char *secret)'),
    DestroySdk: f('void DestroySdk(void *sdk)'),
    GetChatData: f(
      'int GetChatData(void *sdk, uint64_t seq, uint32_t limit, const char *proxy, const char *passwd, int timeout, void *chatDatas)',
    ),
    DecryptData: f('int DecryptData(const char *encrypt_key, const char *encrypt_msg, void *msg)'),
    NewSlice: f('void *NewSlice()'),
    FreeSlice: f('void FreeSlice(void *slice)'),
    GetContentFromSlice: f('void *GetContentFromSlice(void *slice)'),
    GetSliceLen: f('int GetSliceLen(void *slice)'),
  };
  libraries.set(path, lib);
  return lib;
}

function int(value: unknown, fn: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new TypeError(`${fn} returned ${typeof value}, expected int`);
  return value;
}

function ptr(value: unknown, fn: string): Ptr {
  if (typeof value !== 'bigint' || value === 0n) throw new Error(`${fn} returned a NULL pointer`);
  return value;
}

/** Copies a slice's bytes out (before FreeSlice) and decodes them as UTF-8. */
function sliceText(lib: FinanceLib, slice: Ptr): string {
  const len = int(lib.GetSliceLen(slice), 'GetSliceLen');
  if (len <= 0) return '';
  const content = lib.GetContentFromSlice(slice);
  if (typeof content !== 'bigint' || content === 0n) return '';
  return Buffer.from(new Uint8Array(koffi.view(content, len))).toString('utf8');
}

export interface GetChatDataOptions {
  /** e.g. socks5://10.0.0.1:8081 or http://10.0.0.1:8081 */
  proxy?: string;
  /** e.g. user_name:passwd_123 */
  passwd?: string;
  timeoutSeconds?: number;
}

/** One SDK instance (NewSdk + Init); call destroy() when done. */
export class FinanceSdk {
  private sdk: Ptr | undefined;

  private constructor(
    private readonly lib: FinanceLib,
    sdk: Ptr,
  ) {
    this.sdk = sdk;
  }

  /** Loads the library (once per path), creates and initialises an SDK; throws the typed error of a failed Init. */
  static open(libraryPath: string, corpId: string, secret: string): FinanceSdk {
    const lib = bind(libraryPath);
    const sdk = ptr(lib.NewSdk(), 'NewSdk');
    const code = int(lib.Init(sdk, corpId, secret), 'Init');
    if (code !== 0) {
      lib.DestroySdk(sdk);
      throw financeSdkError(code, 'Init');
    }
    return new FinanceSdk(lib, sdk);
  }

  /**
   * GetChatData: records with seq > `seq`, at most `limit` (≤ 1000). Runs on koffi's
   * worker thread (the real call does network I/O for up to `timeoutSeconds`).
   * Returns the raw JSON text of the output slice.
   */
  async getChatData(seq: number, limit: number, options: GetChatDataOptions = {}): Promise<string> {
    const sdk = this.handle();
    const slice = ptr(this.lib.NewSlice(), 'NewSlice');
    try {
      const code = await new Promise<number>((resolve, reject) => {
        this.lib.GetChatData.async(
          sdk,
          seq,
          limit,
          options.proxy ?? '',
          options.passwd ?? '',
          options.timeoutSeconds ?? 10,
          slice,
          (err: unknown, result: unknown) => {
            if (err) reject(err instanceof Error ? err : new Error(typeof err === 'string' ? err : JSON.stringify(err)));
            else {
              try {
                resolve(int(result, 'GetChatData'));
              } catch (e) {
                reject(e instanceof Error ? e : new Error(String(e)));
              }
            }
          },
        );
      });
      if (code !== 0) throw financeSdkError(code, 'GetChatData');
      return sliceText(this.lib, slice);
    } finally {
      this.lib.FreeSlice(slice);
    }
  }

  /** DecryptData(random_key, encrypt_chat_msg) → the plaintext message JSON. */
  decryptData(randomKey: string, encryptChatMsg: string): string {
    const slice = ptr(this.lib.NewSlice(), 'NewSlice');
    try {
      const code = int(this.lib.DecryptData(randomKey, encryptChatMsg, slice), 'DecryptData');
      if (code !== 0) throw financeSdkError(code, 'DecryptData');
      return sliceText(this.lib, slice);
    } finally {
      this.lib.FreeSlice(slice);
    }
  }

  /** DestroySdk; safe to call twice. */
  destroy(): void {
    if (this.sdk === undefined) return;
    this.lib.DestroySdk(this.sdk);
    this.sdk = undefined;
  }

  private handle(): Ptr {
    if (this.sdk === undefined) throw new Error('FinanceSdk used after destroy()');
    return this.sdk;
  }
}
