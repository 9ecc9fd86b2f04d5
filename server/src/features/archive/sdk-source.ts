import { FinanceSdk, type GetChatDataOptions } from './ffi.ts';
import type { ArchiveKeyRing } from './keyring.ts';
import { fetchDecrypted, type ArchiveSource } from './source.ts';

export interface SdkSourceOptions extends GetChatDataOptions {
  libraryPath: string;
  corpId: string;
  secret: string;
  keys: ArchiveKeyRing;
}

/** The production source: the official C SDK through koffi. */
export function createSdkSource(options: SdkSourceOptions): ArchiveSource {
  const sdk = FinanceSdk.open(options.libraryPath, options.corpId, options.secret);
  const raw = {
    getChatData: (afterSeq: number, limit: number) => sdk.getChatData(afterSeq, limit, options),
    decryptData: (randomKey: string, msg: string) => sdk.decryptData(randomKey, msg),
  };
  return {
    kind: 'sdk',
    fetch: (afterSeq, limit) => fetchDecrypted(raw, options.keys, afterSeq, limit),
    close: () => Promise.resolve(sdk.destroy()),
  };
}
