import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The simulator corp's archive key pairs (see keys/README.md): demo values, not
 * secrets. Version 1 is a PKCS#1 PEM, version 2 a PKCS#8 PEM, so both formats
 * are exercised whenever the simulator is used.
 */
const FILES: Record<number, string> = { 1: 'v1.pkcs1.pem', 2: 'v2.pkcs8.pem' };

let cache: Record<string, string> | undefined;

/** {"1": PEM, "2": PEM} — the WECOM_ARCHIVE_PRIVATE_KEYS value matching the simulator. */
export function simulatorArchivePrivateKeys(): Record<string, string> {
  cache ??= Object.fromEntries(
    Object.entries(FILES).map(([ver, file]) => [ver, readFileSync(resolve(import.meta.dirname, 'keys', file), 'utf8')]),
  );
  return { ...cache };
}

/** Public key per publickey_ver, as uploaded to the (simulated) WeCom admin console. */
export function simulatorArchivePublicKeys(): Map<number, KeyObject> {
  return new Map(Object.entries(simulatorArchivePrivateKeys()).map(([ver, pem]) => [Number(ver), createPublicKey(pem)]));
}
