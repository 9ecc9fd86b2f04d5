import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '@server/auth/session.ts';
import { startSimApp, type SimApp } from '../../../../tests/support/sim-app.ts';
import { makeState, readState } from './oauth-state.ts';

/** The cookie header to send back, from a Set-Cookie response header. */
function sessionCookie(res: Response): string | undefined {
  const set = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return set?.split(';')[0];
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

  async function authorize(extra: Record<string, string>, redirect = '/sidebar/customer?x=1'): Promise<{ callback: string; state: string }> {
    const login = await s.app.request(`/auth/login?redirect=${encodeURIComponent(redirect)}`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    const location = login.headers.get('location')!;
    expect(location.endsWith('#wechat_redirect')).toBe(true);
    const url = new URL(location.replace(/#wechat_redirect$/, ''));
    expect(`${url.origin}${url.pathname}`).toBe(`${s.sim.url}/connect/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      appid: s.sim.corp.corpId, redirect_uri: `${s.app.url}/auth/callback`, response_type: 'code', scope: 'snsapi_base', agentid: String(s.sim.corp.agentId),
    });
    const state = url.searchParams.get('state')!;
    expect(state).toMatch(/^[a-zA-Z0-9]{1,128}$/);
    for (const [k, v] of Object.entries(extra)) url.searchParams.set(k, v);
    const authorized = await fetch(url, { redirect: 'manual' });
    expect(authorized.status).toBe(302);
    return { callback: authorized.headers.get('location')!, state };
  }

  it('logs a member in end to end: login redirect → authorize → callback → session cookie → /api/me', async () => {
    const { callback } = await authorize({ userid: guide });
    expect(callback.startsWith(`${s.app.url}/auth/callback?code=`)).toBe(true);
    const res = await fetch(callback, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/sidebar/customer?x=1');
    const cookie = sessionCookie(res);
    expect(cookie).toBeDefined();
    const me = await s.app.request('/api/me', { headers: { cookie: cookie! } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { userid: string }).userid).toBe(guide);
  });

  it('fails cleanly when the code is used twice (Chinese message, no session, no 500)', async () => {
    const { callback } = await authorize({ userid: guide });
    expect((await fetch(callback, { redirect: 'manual' })).status).toBe(302);
    const again = await fetch(callback, { redirect: 'manual', headers: { accept: 'application/json' } });
    expect(again.status).toBe(400);
    expect(sessionCookie(again)).toBeUndefined();
    const body = (await again.json()) as { error: { id: string; message: string } };
    expect(body.error.id).toBe('oauth_code_invalid');
    expect(body.error.message).toMatch(/授权/);
    const page = await fetch(callback, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('登录失败');
  });

  it('gives no session to a WeChat user who is not a member, nor to a member missing from our staff', async () => {
    const external = [...s.sim.state.customers.keys()][0]!;
    const { callback } = await authorize({ external_userid: external });
    const res = await fetch(callback, { redirect: 'manual', headers: { accept: 'application/json' } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { id: string } }).error.id).toBe('not_corp_member');
    expect(sessionCookie(res)).toBeUndefined();

    await s.app.deps.ds.query('UPDATE staff SET status = 5 WHERE userid = ?', [guide]);
    try {
      const left = await authorize({ userid: guide });
      const denied = await fetch(left.callback, { redirect: 'manual', headers: { accept: 'application/json' } });
      expect(denied.status).toBe(403);
      expect(((await denied.json()) as { error: { id: string } }).error.id).toBe('not_staff');
      expect(sessionCookie(denied)).toBeUndefined();
    } finally {
      await s.app.deps.ds.query('UPDATE staff SET status = 1 WHERE userid = ?', [guide]);
    }
  });

  it('rejects a forged or tampered state and an off-site redirect', async () => {
    const { callback } = await authorize({ userid: guide });
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${tampered.searchParams.get('state')!.slice(0, -2)}2f`);
    const res = await fetch(tampered, { redirect: 'manual', headers: { accept: 'application/json' } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { id: string } }).error.id).toBe('oauth_state_invalid');
    expect((await s.app.request('/auth/login?redirect=//evil.example/x', { redirect: 'manual' })).status).toBe(400);
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
