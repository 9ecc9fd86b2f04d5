import { httpFor } from '@server/wecom/http.ts';
import type { ArchiveKeyRing } from './keyring.ts';
import { standinDecrypt } from './standin-cipher.ts';
import { fetchDecrypted, type ArchiveSource } from './source.ts';

export interface SimulatorSourceOptions {
  /** Base URL of the simulator, e.g. http://127.0.0.1:3000 */
  baseUrl: string;
  keys: ArchiveKeyRing;
  timeoutMs?: number;
}

/** The simulator's GetChatData stand-in: POST /sim/finance/getchatdata {seq, limit} → the same JSON. */
export const SIM_GETCHATDATA_PATH = '/sim/finance/getchatdata';

/**
 * Source for the built-in simulator: fetches GetChatData JSON over HTTP and
 * decrypts exactly like the SDK source (RSA per publickey_ver, then DecryptData
 * with the documented stand-in cipher).
 */
export function createSimulatorSource(options: SimulatorSourceOptions): ArchiveSource {
  const raw = {
    async getChatData(afterSeq: number, limit: number): Promise<string> {
      const url = new URL(SIM_GETCHATDATA_PATH, options.baseUrl);
      const res = await httpFor(url).post<string>(url.toString(), JSON.stringify({ seq: afterSeq, limit }), {
        headers: { 'content-type': 'application/json' },
        timeout: options.timeoutMs ?? 10_000,
        // GetChatData only reads.
        retryStaleSocket: true,
      });
      if (res.status < 200 || res.status > 299) throw new Error(`simulator getchatdata answered HTTP ${res.status}`);
      return res.data;
    },
    decryptData: standinDecrypt,
  };
  return {
    kind: 'simulator',
    fetch: (afterSeq, limit) => fetchDecrypted(raw, options.keys, afterSeq, limit),
    close: () => Promise.resolve(),
  };
}
