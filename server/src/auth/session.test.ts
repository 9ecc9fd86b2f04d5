import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders } from '../../../tests/support/auth.ts';
import { startTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { SESSION_COOKIE, signSession, verifySession } from './session.ts';

const SECRET = 'a-session-secret-for-tests';
const claims = { sid: 7, uid: 'g1', exp: 2_000_000_000 };
const NOW = (claims.exp - 3600) * 1000;

/** The same signature with another last character that decodes to the same bytes. */
function aliasOfLastChar(token: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = token.at(-1)!;
  // 43 characters carry 256 bits: the last one's two low bits are padding.
  const alias = alphabet[alphabet.indexOf(last) ^ 1]!;
  return `${token.slice(0, -1)}${alias}`;
}

describe('session token format', () => {
  it('accepts the token as issued', () => {
    expect(verifySession(SECRET, signSession(SECRET, claims), NOW)).toEqual(claims);
  });

  it('accepts exactly one spelling of a token', () => {
    const token = signSession(SECRET, claims);
    const alias = aliasOfLastChar(token);
    expect(Buffer.from(alias.split('.')[1]!, 'base64url')).toEqual(Buffer.from(token.split('.')[1]!, 'base64url'));
    const variants = [
      alias,
      `${token}.junk`,
      `${token}.`,
      `${token}=`,
      `${token} `,
      ` ${token}`,
      `${token}\n`,
      token.replace('.', '..'),
      `${token.slice(0, -1)}+`,
      `${token.slice(0, -1)}/`,
      token.split('.')[0]!,
      '',
    ];
    for (const variant of variants) {
      expect(variant).not.toBe(token);
      expect(verifySession(SECRET, variant, NOW), JSON.stringify(variant)).toBeUndefined();
    }
  });

  it('refuses another secret, another body and an expired token', () => {
    const token = signSession(SECRET, claims);
    expect(verifySession('another-secret-for-tests', token, NOW)).toBeUndefined();
    const [, sig] = token.split('.');
    const other = Buffer.from(JSON.stringify({ ...claims, sid: 1 })).toString('base64url');
    expect(verifySession(SECRET, `${other}.${sig}`, NOW)).toBeUndefined();
    expect(verifySession(SECRET, token, (claims.exp + 1) * 1000)).toBeUndefined();
  });
});

describe('session token over HTTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    await app.deps.ds.query(`INSERT INTO staff (userid, name, role, status, is_follow_user) VALUES ('g1','导购一','guide',1,1)`);
  });
  afterAll(async () => app?.stop());

  it('lets in the issued token only, by cookie or bearer', async () => {
    const { cookie } = await sessionHeaders(app, 'g1');
    const token = cookie!.slice(SESSION_COOKIE.length + 1);
    expect((await app.request('/api/me', { headers: { cookie: `${SESSION_COOKIE}=${token}` } })).status).toBe(200);
    expect((await app.request('/api/me', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    for (const variant of [aliasOfLastChar(token), `${token}.junk`]) {
      expect((await app.request('/api/me', { headers: { cookie: `${SESSION_COOKIE}=${variant}` } })).status).toBe(401);
      expect((await app.request('/api/me', { headers: { authorization: `Bearer ${variant}` } })).status).toBe(401);
    }
  });
});
