import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '@server/auth/session.ts';
import { sessionHeaders } from '../../../../tests/support/auth.ts';
import { PRODUCTION_ENV, PRODUCTION_PUBLIC_URL } from '../../../../tests/support/production-env.ts';
import { startSimApp, type SimApp } from '../../../../tests/support/sim-app.ts';
import { startTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { OAUTH_STATE_COOKIE, makeState, readState } from './oauth-state.ts';

/** The cookie header to send back, from a Set-Cookie response header. */
function sessionCookie(res: Response): string | undefined {
  const set = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return set?.split(';')[0];
}

/** The state cookie /auth/login set, as the browser sends it back on the callback. */
function stateCookie(res: Response): string {
  const set = res.headers.getSetCookie().find((c) => c.startsWith(`${OAUTH_STATE_COOKIE}=`));
  if (!set) throw new Error('no state cookie');
  return set.split(';')[0]!;
}

describe('OAuth2 login through the WeCom simulator', () => {
  let s: SimApp;
  let guide: string;

  beforeAll(async () => {
    s = await startSimApp();
    const rows: Array<{ userid: string }> = await s.app.deps.ds.query('SELECT userid FROM staff WHERE status = 1 ORDER BY id LIMIT 1');
    guide = rows[0]!.userid;
  });
  afterAll(async () => s.stop());

  async function authorize(
    extra: Record<string, string>,
    redirect = '/sidebar/customer?x=1',
  ): Promise<{ callback: string; state: string; cookie: string }> {
    const login = await s.app.request(`/auth/login?redirect=${encodeURIComponent(redirect)}`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    const location = login.headers.get('location')!;
    expect(location.endsWith('#wechat_redirect')).toBe(true);
    const url = new URL(location.replace(/#wechat_redirect$/, ''));
    expect(`${url.origin}${url.pathname}`).toBe(`${s.sim.url}/connect/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      appid: s.sim.corp.corpId,
      redirect_uri: `${s.app.url}/auth/callback`,
      response_type: 'code',
      scope: 'snsapi_base',
      agentid: String(s.sim.corp.agentId),
    });
    const state = url.searchParams.get('state')!;
    expect(state).toMatch(/^[a-zA-Z0-9]{1,128}$/);
    for (const [k, v] of Object.entries(extra)) url.searchParams.set(k, v);
    const authorized = await fetch(url, { redirect: 'manual' });
    expect(authorized.status).toBe(302);
    return { callback: authorized.headers.get('location')!, state, cookie: stateCookie(login) };
  }

  it('logs a member in end to end: login redirect → authorize → callback → session cookie → /api/me', async () => {
    const { callback, cookie: bound } = await authorize({ userid: guide });
    expect(callback.startsWith(`${s.app.url}/auth/callback?code=`)).toBe(true);
    const res = await fetch(callback, { redirect: 'manual', headers: { cookie: bound } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/sidebar/customer?x=1');
    const cookie = sessionCookie(res);
    expect(cookie).toBeDefined();
    const me = await s.app.request('/api/me', { headers: { cookie: cookie! } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { userid: string }).userid).toBe(guide);
  });

  it('fails cleanly when the code is used twice (Chinese message, no session, no 500)', async () => {
    const { callback, cookie } = await authorize({ userid: guide });
    expect((await fetch(callback, { redirect: 'manual', headers: { cookie } })).status).toBe(302);
    const again = await fetch(callback, { redirect: 'manual', headers: { accept: 'application/json', cookie } });
    expect(again.status).toBe(400);
    expect(sessionCookie(again)).toBeUndefined();
    const body = (await again.json()) as { error: { id: string; message: string } };
    expect(body.error.id).toBe('oauth_code_invalid');
    expect(body.error.message).toMatch(/授权/);
    const page = await fetch(callback, { redirect: 'manual', headers: { accept: 'text/html', cookie } });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('登录失败');
  });

  it('gives no session to a WeChat user who is not a member, nor to a member missing from our staff', async () => {
    const external = [...s.sim.state.customers.keys()][0]!;
    const { callback, cookie } = await authorize({ external_userid: external });
    const res = await fetch(callback, { redirect: 'manual', headers: { accept: 'application/json', cookie } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { id: string } }).error.id).toBe('not_corp_member');
    expect(sessionCookie(res)).toBeUndefined();

    await s.app.deps.ds.query('UPDATE staff SET status = 5 WHERE userid = ?', [guide]);
    try {
      const left = await authorize({ userid: guide });
      const denied = await fetch(left.callback, { redirect: 'manual', headers: { accept: 'application/json', cookie: left.cookie } });
      expect(denied.status).toBe(403);
      expect(((await denied.json()) as { error: { id: string } }).error.id).toBe('not_staff');
      expect(sessionCookie(denied)).toBeUndefined();
    } finally {
      await s.app.deps.ds.query('UPDATE staff SET status = 1 WHERE userid = ?', [guide]);
    }
  });

  it('rejects a forged or tampered state and an off-site redirect', async () => {
    const { callback, cookie } = await authorize({ userid: guide });
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${tampered.searchParams.get('state')!.slice(0, -2)}2f`);
    const res = await fetch(tampered, { redirect: 'manual', headers: { accept: 'application/json', cookie } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { id: string } }).error.id).toBe('oauth_state_invalid');
    expect((await s.app.request('/auth/login?redirect=//evil.example/x', { redirect: 'manual' })).status).toBe(400);
  });

  it('logs in only the browser that started the login: a crafted callback link gets 403 and no session (login CSRF)', async () => {
    const attacker = await authorize({ userid: guide });
    // The victim's browser never started a login…
    const none = await fetch(attacker.callback, { redirect: 'manual', headers: { accept: 'application/json' } });
    expect(none.status).toBe(403);
    expect(((await none.json()) as { error: { id: string } }).error.id).toBe('oauth_state_mismatch');
    expect(sessionCookie(none)).toBeUndefined();
    // …or started its own, which someone else's link must not complete either.
    const own = stateCookie(await s.app.request('/auth/login', { redirect: 'manual' }));
    const other = await fetch(attacker.callback, { redirect: 'manual', headers: { accept: 'text/html', cookie: own } });
    expect(other.status).toBe(403);
    expect(sessionCookie(other)).toBeUndefined();
    const page = await other.text();
    expect(page).toContain('oauth_state_mismatch');
    // The page's one style block is allowed by its hash, under a policy that allows nothing else.
    const css = /<style>([^<]*)<\/style>/.exec(page)![1]!;
    expect(other.headers.get('content-security-policy')).toContain(
      `style-src 'sha256-${createHash('sha256').update(css).digest('base64')}'`,
    );
    expect(other.headers.get('content-security-policy')).toMatch(/^default-src 'none';/);
    expect(page).not.toMatch(/ style="/);
    // The refused attempts did not spend the code: the browser that asked for it logs in.
    const real = await fetch(attacker.callback, { redirect: 'manual', headers: { cookie: attacker.cookie } });
    expect(real.status).toBe(302);
    expect(sessionCookie(real)).toBeDefined();
  });

  it('keeps the state in a short-lived HttpOnly cookie scoped to /auth, and drops it once used', async () => {
    const before = Date.now();
    const { callback, state, cookie } = await authorize({ userid: guide });
    expect(cookie).toBe(`${OAUTH_STATE_COOKIE}=${state}`);
    const login = await s.app.request('/auth/login', { redirect: 'manual' });
    const set = login.headers.getSetCookie().find((c) => c.startsWith(`${OAUTH_STATE_COOKIE}=`))!;
    expect(set).toMatch(/; path=\/auth;/);
    expect(set).toMatch(/; samesite=lax/);
    expect(set).toMatch(/; httponly/);
    expect(set).not.toMatch(/; secure/);
    const expires = Date.parse(/; expires=([^;]+)/.exec(set)![1]!);
    expect(expires).toBeGreaterThan(before);
    expect(expires).toBeLessThanOrEqual(Date.now() + 10 * 60_000 + 1000);
    const res = await fetch(callback, { redirect: 'manual', headers: { cookie } });
    expect(res.status).toBe(302);
    const cleared = res.headers.getSetCookie().find((c) => c.startsWith(`${OAUTH_STATE_COOKIE}=`));
    expect(cleared).toMatch(/^dg_oauth_state=; path=\/auth; expires=Thu, 01 Jan 1970 00:00:00 GMT/);
  });

  it('carries the redirect in a short alphanumeric state that expires', () => {
    const now = Date.now();
    const state = makeState('secret-of-16-chars!', '/a/b?c=1', now);
    expect(state).toMatch(/^[a-z0-9]{1,128}$/);
    expect(readState('secret-of-16-chars!', state, now)).toBe('/a/b?c=1');
    expect(readState('another-secret-16chars', state, now)).toBeUndefined();
    expect(readState('secret-of-16-chars!', state, now + 11 * 60_000)).toBeUndefined();
    expect(readState('secret-of-16-chars!', makeState('secret-of-16-chars!', `/${'x'.repeat(200)}`, now), now)).toBe('/');
  });
});

describe('logout', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    await app.deps.ds.query(`INSERT INTO staff (userid, name, role, status, is_follow_user) VALUES ('g1','导购一','guide',1,1)`);
  });
  afterAll(async () => app?.stop());

  it('POST /auth/logout answers 204 and clears the session cookie', async () => {
    const res = await app.request('/auth/logout', { method: 'POST', headers: await sessionHeaders(app, 'g1') });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    const cleared = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(cleared).toMatch(/^dg_session=; path=\/; expires=Thu, 01 Jan 1970 00:00:00 GMT; samesite=lax; httponly$/);
    // Without a session there is nothing to clear, and it still succeeds.
    expect((await app.request('/auth/logout', { method: 'POST' })).status).toBe(204);
  });
});

describe('OAuth2 login in production', () => {
  let s: SimApp;
  let guide: string;
  beforeAll(async () => {
    s = await startSimApp(PRODUCTION_ENV);
    const rows: Array<{ userid: string }> = await s.app.deps.ds.query('SELECT userid FROM staff WHERE status = 1 ORDER BY id LIMIT 1');
    guide = rows[0]!.userid;
  });
  afterAll(async () => s?.stop());

  it('marks the state and session cookies Secure even over a plain socket (TLS ends at the proxy), and logout too', async () => {
    const login = await s.app.request('/auth/login', { redirect: 'manual' });
    const cookie = stateCookie(login);
    expect(login.headers.getSetCookie().find((c) => c.startsWith(`${OAUTH_STATE_COOKIE}=`))).toMatch(/; secure; httponly$/);
    const authorizeUrl = new URL(login.headers.get('location')!.replace(/#wechat_redirect$/, ''));
    expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(`${PRODUCTION_PUBLIC_URL}/auth/callback`);
    authorizeUrl.searchParams.set('userid', guide);
    const callback = new URL((await fetch(authorizeUrl, { redirect: 'manual' })).headers.get('location')!);
    expect(callback.origin).toBe(PRODUCTION_PUBLIC_URL);
    const res = await s.app.request(`${callback.pathname}${callback.search}`, { redirect: 'manual', headers: { cookie } });
    expect(res.status).toBe(302);
    const session = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(session).toMatch(/; secure; httponly$/);
    const me = await s.app.request('/api/me', { headers: { cookie: session!.split(';')[0]! } });
    expect(((await me.json()) as { userid: string }).userid).toBe(guide);
    const logout = await s.app.request('/auth/logout', { method: 'POST' });
    expect(logout.status).toBe(204);
    expect(logout.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))).toMatch(/^dg_session=;.*; secure; httponly$/);
  });
});
