import { decrypt as wxDecrypt, encrypt as wxEncrypt, getSignature as wxSignature } from '@wecom/crypto';
import { describe, expect, it } from 'vitest';
import {
  CRYPTO_ERRORS,
  WecomCryptoError,
  decrypt,
  decryptMessage,
  encrypt,
  encryptMessage,
  jsapiSignature,
  signature,
  verifyUrl,
} from './crypto.ts';
import { SIMULATOR_CORP } from './simulator-corp.ts';

// Official vectors, wecom-api.md §9.3.
const A = {
  token: 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo',
  aesKey: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt',
  receiveId: 'ww1436e0e65a779aee',
};
const A_ECHO = 'fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==';
const A_POST =
  'Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+';
const B = { token: 'QDG6eK', aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', receiveId: 'wx5823bf96d3bd56c7' };
const B_ECHO = 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==';
const B_POST =
  'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==';

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof WecomCryptoError) return err.code;
    throw err;
  }
  return undefined;
}

describe('WXBizMsgCrypt against the official vectors', () => {
  it('vector A: URL verification returns the echostr plaintext', () => {
    expect(
      verifyUrl(A, {
        msg_signature: '012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb',
        timestamp: '1476416373',
        nonce: '47744683',
        echostr: A_ECHO,
      }),
    ).toBe('1288432023552776189');
  });

  it('vector A: POST message signature verifies and decrypts to the text message for the corp', () => {
    const xml = decryptMessage(
      A,
      { msg_signature: '0c3914025cb4b4d68103f6bfc8db550f79dcf48e', timestamp: '1476422779', nonce: '1597212914' },
      A_POST,
    );
    expect(xml).toBe(
      '<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>ChenJiaShun</FromUserName><CreateTime>1476422779</CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>',
    );
  });

  it('vector B: classic doc sample verifies, decrypts and carries receiveid wx5823bf96d3bd56c7', () => {
    expect(
      verifyUrl(B, {
        msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
        timestamp: '1409659589',
        nonce: '263014780',
        echostr: B_ECHO,
      }),
    ).toBe('1616140317555161061');
    const xml = decryptMessage(
      B,
      { msg_signature: '477715d11cdb4164915debcba66cb864d751f3e6', timestamp: '1409659813', nonce: '1372623149' },
      B_POST,
    );
    expect(xml).toContain('<Content><![CDATA[hello]]></Content>');
    expect(xml).toContain('4561255354251345929');
  });

  it('vector C: deterministic encrypt with random 16×"a" gives the documented ciphertext and signature', () => {
    const random = Buffer.alloc(16, 0x61);
    const enc = encrypt(A.aesKey, '<xml>hello</xml>', A.receiveId, random);
    expect(enc).toBe('QN2oladIJ4D7+XmmlY2y79TrABXsYZsKn3PE9lmHLetFumQcu/xvD5DrO08+H7hZHzGRTQx2/IYMDLZLI3QeDw==');
    expect(signature(A.token, '1700000000', '123456', enc)).toBe('1ceb54cce9b4adece5d1edbb55a358470e8369e9');
    expect(encryptMessage(A, '<xml>hello</xml>', { timestamp: 1700000000, nonce: 123456, random }).msgSignature).toBe(
      '1ceb54cce9b4adece5d1edbb55a358470e8369e9',
    );
  });

  it('JS-SDK signature matches the official vector', () => {
    expect(
      jsapiSignature(
        'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
        'Wm3WZYTPz0wzccnW',
        1414587457,
        'http://mp.weixin.qq.com?params=value',
      ),
    ).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
  });
});

describe('WXBizMsgCrypt cross-checked with @wecom/crypto in both directions', () => {
  const messages = ['', 'x', '<xml>中文 😀</xml>', 'a'.repeat(11), 'b'.repeat(12), 'c'.repeat(44), 'd'.repeat(1000)];
  const keys = [A.aesKey, B.aesKey, SIMULATOR_CORP.callbackAesKey];

  it('what we encrypt, @wecom/crypto decrypts (message, id, random) — all padding lengths', () => {
    for (const key of keys) {
      for (const m of messages) {
        const random = Buffer.from('0123456789abcdef');
        const enc = encrypt(key, m, 'wwcorp', random);
        expect(enc).toBe(wxEncrypt(key, m, 'wwcorp', random));
        const out = wxDecrypt(key, enc);
        expect(out.message).toBe(m);
        expect(out.id).toBe('wwcorp');
        expect(Buffer.compare(out.random, random)).toBe(0);
      }
    }
  });

  it('what @wecom/crypto encrypts, we decrypt and the signatures agree', () => {
    for (const key of keys) {
      for (const m of messages) {
        const enc = wxEncrypt(key, m, SIMULATOR_CORP.corpId);
        expect(decrypt(key, enc, SIMULATOR_CORP.corpId).message).toBe(m);
        expect(signature('tok', 1700000001, 42, enc)).toBe(wxSignature('tok', 1700000001, 42, enc));
      }
    }
  });
});

describe('WXBizMsgCrypt rejections', () => {
  const q = { msg_signature: '0c3914025cb4b4d68103f6bfc8db550f79dcf48e', timestamp: '1476422779', nonce: '1597212914' };

  it('a forged signature is -40001 ValidateSignature_Error', () => {
    expect(codeOf(() => decryptMessage(A, { ...q, msg_signature: '0'.repeat(40) }, A_POST))).toBe(CRYPTO_ERRORS.validateSignature);
    expect(codeOf(() => decryptMessage(A, { ...q, nonce: '1' }, A_POST))).toBe(CRYPTO_ERRORS.validateSignature);
  });

  it('a message for another corp is -40005 ValidateCorpid_Error', () => {
    expect(codeOf(() => decryptMessage({ ...A, receiveId: 'wwsomeoneelse' }, q, A_POST))).toBe(CRYPTO_ERRORS.validateCorpId);
  });

  it('a bad EncodingAESKey is -40004 and garbage ciphertext is a typed error, never a crash', () => {
    expect(codeOf(() => decrypt('short', A_POST))).toBe(CRYPTO_ERRORS.illegalAesKey);
    expect(codeOf(() => decrypt(A.aesKey, 'not base64 !!'))).toBe(CRYPTO_ERRORS.decodeBase64);
    expect(codeOf(() => decrypt(A.aesKey, 'AAAA'))).toBe(CRYPTO_ERRORS.decryptAes);
    // Valid AES blocks under the wrong key decrypt to noise: the length check must catch it.
    const code = codeOf(() => decrypt(B.aesKey, A_POST, A.receiveId));
    expect([CRYPTO_ERRORS.illegalBuffer, CRYPTO_ERRORS.validateCorpId]).toContain(code);
  });
});
