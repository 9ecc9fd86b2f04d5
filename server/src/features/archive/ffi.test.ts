import koffi from 'koffi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FinanceSdkCertError,
  FinanceSdkDataExpiredError,
  FinanceSdkDecryptError,
  FinanceSdkEncryptKeyError,
  FinanceSdkEncryptKeyParseError,
  FinanceSdkError,
  FinanceSdkFileIdError,
  FinanceSdkIpError,
  FinanceSdkKeyVersionError,
  FinanceSdkNetworkError,
  FinanceSdkParamError,
  FinanceSdkParseError,
  FinanceSdkSystemError,
} from './errors.ts';
import { FinanceSdk } from './ffi.ts';
import {
  compileStandin,
  encryptRecord,
  makeKeyVersion,
  msg,
  privateKeysJson,
  writeStandinData,
} from '../../../../tests/support/archive-fixtures.ts';
import { ArchiveKeyRing } from './keyring.ts';
import { createSdkSource } from './sdk-source.ts';

const CLASSES = [
  FinanceSdkParamError,
  FinanceSdkNetworkError,
  FinanceSdkParseError,
  FinanceSdkSystemError,
  FinanceSdkEncryptKeyError,
  FinanceSdkFileIdError,
  FinanceSdkDecryptError,
  FinanceSdkKeyVersionError,
  FinanceSdkEncryptKeyParseError,
  FinanceSdkIpError,
  FinanceSdkDataExpiredError,
  FinanceSdkCertError,
];

describe('finance SDK binding against the compiled stand-in library', () => {
  let lib: string;
  let liveSlices: () => number;
  let liveSdks: () => number;
  let loadData: (path: string) => number;
  const v1 = makeKeyVersion(1, 'pkcs1');
  const v2 = makeKeyVersion(2, 'pkcs8');
  const t0 = new Date('2026-11-20T02:00:00Z');
  const messages = [
    msg.text('m1', 'wmCust1', 'guide1', t0, '你好，这件外套还有货吗？'),
    msg.text('m2', 'guide1', 'wmCust1', new Date(t0.getTime() + 60_000), '有的，M 码和 L 码都有'),
    msg.switch('m3', 'guide1', new Date(t0.getTime() + 120_000)),
    msg.image('m4', 'guide1', 'wmCust1', new Date(t0.getTime() + 180_000)),
  ];

  beforeAll(() => {
    lib = compileStandin();
    const control = koffi.load(lib);
    const live = control.func('long standin_live_slices()');
    const sdks = control.func('long standin_live_sdks()');
    const load = control.func('int standin_load_data(const char *path)');
    liveSlices = () => Number(live());
    liveSdks = () => Number(sdks());
    loadData = (path) => Number(load(path));
    // Two key versions: the first records use v1 (PKCS#1 PEM), the rest v2 (PKCS#8 PEM), as after a key rotation.
    const items = messages.map((m, i) => encryptRecord(i + 1, m, i < 2 ? v1 : v2));
    expect(loadData(writeStandinData(items))).toBe(0);
  });
  afterAll(() => {
    expect(liveSlices()).toBe(0);
  });

  it('pulls and decrypts every message with two RSA key versions (PKCS#1 and PKCS#8) and frees every slice', async () => {
    const source = createSdkSource({
      libraryPath: lib,
      corpId: 'wwtest',
      secret: 's',
      keys: ArchiveKeyRing.fromJson(privateKeysJson([v1, v2])),
    });
    try {
      const all = await source.fetch(0, 1000);
      expect(all.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
      expect(all.map((r) => r.message)).toEqual(messages);
      const tail = await source.fetch(2, 1);
      expect(tail.map((r) => r.msgid)).toEqual(['m3']);
      expect(await source.fetch(4, 100)).toEqual([]);
    } finally {
      await source.close();
    }
    expect(liveSlices()).toBe(0);
    expect(liveSdks()).toBe(0);
  });

  it('fails with a key error when the private key of a publickey_ver is missing', async () => {
    const source = createSdkSource({
      libraryPath: lib,
      corpId: 'wwtest',
      secret: 's',
      keys: ArchiveKeyRing.fromJson(privateKeysJson([v1])),
    });
    try {
      await expect(source.fetch(0, 10)).rejects.toMatchObject({ name: 'ArchiveKeyError', publickeyVer: 2 });
    } finally {
      await source.close();
    }
    expect(liveSlices()).toBe(0);
  });

  for (const [i, Cls] of CLASSES.entries()) {
    const code = 10000 + i;
    it(`maps return code ${code} of Init, GetChatData and DecryptData to ${Cls.name}`, async () => {
      const initError = (() => {
        try {
          FinanceSdk.open(lib, 'wwtest', `fail-init:${code}`);
        } catch (err) {
          return err;
        }
        return undefined;
      })();
      expect(initError).toBeInstanceOf(Cls);
      expect(initError).toMatchObject({ code, fn: 'Init' });

      const sdk = FinanceSdk.open(lib, 'wwtest', `fail-get:${code}`);
      try {
        const err = await sdk.getChatData(0, 10).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(Cls);
        expect(err).toBeInstanceOf(FinanceSdkError);
        expect(err).toMatchObject({ code, fn: 'GetChatData' });
        expect(() => sdk.decryptData(`fail:${code}`, 'e30=')).toThrow(Cls);
      } finally {
        sdk.destroy();
      }
      expect(liveSlices()).toBe(0);
      expect(liveSdks()).toBe(0);
    });
  }

  it('refuses a limit over 1000 with 10000 (参数错误) and a garbled message with 10006', async () => {
    const sdk = FinanceSdk.open(lib, 'wwtest', 'ok');
    try {
      await expect(sdk.getChatData(0, 1001)).rejects.toBeInstanceOf(FinanceSdkParamError);
      expect(() => sdk.decryptData('key', Buffer.from('not json').toString('base64'))).toThrow(FinanceSdkDecryptError);
    } finally {
      sdk.destroy();
    }
    expect(liveSlices()).toBe(0);
  });
});
