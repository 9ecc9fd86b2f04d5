import { afterAll, describe, expect, it } from 'vitest';
import { ArchiveKeyError } from './errors.ts';
import { encryptRecord, makeKeyVersion, msg, privateKeysJson } from '../../../../tests/support/archive-fixtures.ts';
import { ArchiveKeyRing } from './keyring.ts';
import { standinDecrypt } from './standin-cipher.ts';

describe('archive key ring (RSA PKCS#1 v1.5 random keys, several key versions)', () => {
  const v1 = makeKeyVersion(1, 'pkcs1');
  const v2 = makeKeyVersion(2, 'pkcs8');
  const ring = ArchiveKeyRing.fromJson(privateKeysJson([v1, v2]));
  afterAll(() => ring.close());
  const items = Array.from({ length: 150 }, (_, i) =>
    encryptRecord(i + 1, msg.text(`m${i}`, 'wmA', 'g1', new Date(0), `消息${i}`), i % 3 === 0 ? v1 : v2),
  );

  it('reads PKCS#1 and PKCS#8 PEMs and decrypts each record with the key of its publickey_ver', () => {
    expect(ring.versions()).toEqual([1, 2]);
    for (const it of items.slice(0, 6)) {
      const key = ring.decryptRandomKey(it.publickey_ver, it.encrypt_random_key);
      expect(JSON.parse(standinDecrypt(key, it.encrypt_chat_msg))).toMatchObject({ msgid: it.msgid });
    }
  });

  it('decrypts a large batch on worker threads with the same result as one at a time', async () => {
    const pooled = await ring.decryptRandomKeys(items);
    expect(pooled).toEqual(items.map((it) => ring.decryptRandomKey(it.publickey_ver, it.encrypt_random_key)));
  });

  it('fails with ArchiveKeyError for an unknown key version or the wrong key, pooled or not', async () => {
    const onlyV1 = ArchiveKeyRing.fromJson(privateKeysJson([v1]));
    try {
      expect(() => onlyV1.decryptRandomKey(2, items[1]?.encrypt_random_key ?? '')).toThrow(ArchiveKeyError);
      await expect(onlyV1.decryptRandomKeys(items)).rejects.toBeInstanceOf(ArchiveKeyError);
      // A v2 record mislabelled as v1: the padding check catches the wrong key.
      const wrong = items.filter((i) => i.publickey_ver === 2).map((i) => ({ ...i, publickey_ver: 1 }));
      await expect(onlyV1.decryptRandomKeys(wrong)).rejects.toThrow(/padding|decryptable/);
    } finally {
      await onlyV1.close();
    }
  });

  it('rejects a malformed WECOM_ARCHIVE_PRIVATE_KEYS without echoing it', () => {
    expect(() => ArchiveKeyRing.fromJson('not json')).toThrow(/JSON object/);
    expect(() => ArchiveKeyRing.fromJson(JSON.stringify({ v1: 'x' }))).toThrow();
  });
});
