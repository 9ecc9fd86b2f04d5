import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authUserInfoResponseSchema } from '@server/wecom/schemas.ts';
import { startSimulator, type RunningSimulator, type Simulator } from './index.ts';
import { wxClient, type WxTestClient } from './testing.ts';

let sim: Simulator & RunningSimulator;
let wx: WxTestClient;

beforeAll(async () => {
  sim = await startSimulator({ corp: { customers: 20, guides: 3, groups: 1 } });
  wx = wxClient(sim);
});
afterAll(async () => {
  await sim.close();
});

function authorizeUrl(extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({
    appid: sim.corp.corpId,
    redirect_uri: 'http://127.0.0.1:9/app/auth/callback?from=wecom',
    response_type: 'code',
    scope: 'snsapi_base',
    state: 'abc123',
    agentid: String(sim.corp.agentId),
    ...extra,
  });
  return `${sim.url}/connect/oauth2/authorize?${q.toString()}`;
}

async function codeFrom(url: string): Promise<{ location: URL; code: string }> {
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location') ?? '');
  return { location, code: location.searchParams.get('code') ?? '' };
}

describe('OAuth stand-in', () => {
  it("shows a Chinese page listing the corp's members with links that pick one, escaping every name", async () => {
    const victim = sim.state.users.get('guide_001');
    if (!victim) throw new Error('no guide');
    const original = victim.name;
    victim.name = '<script>alert(1)</script>';
    try {
      const res = await fetch(authorizeUrl());
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      const html = await res.text();
      expect(html).toContain('选择登录成员');
      expect(html).not.toContain('<script>alert(1)</script>');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      for (const userid of sim.state.users.keys()) expect(html).toContain(`userid=${encodeURIComponent(userid)}`);
    } finally {
      victim.name = original;
    }
  });

  it('authorize → redirect with a one-time code and the state → auth/getuserinfo gives the userid; reusing the code is 40029', async () => {
    const { location, code } = await codeFrom(authorizeUrl({ userid: 'guide_002' }));
    expect(`${location.origin}${location.pathname}`).toBe('http://127.0.0.1:9/app/auth/callback');
    expect(location.searchParams.get('from')).toBe('wecom');
    expect(location.searchParams.get('state')).toBe('abc123');
    const first = authUserInfoResponseSchema.parse((await wx.get('/cgi-bin/auth/getuserinfo', { code })).json);
    expect(first).toMatchObject({ errcode: 0, userid: 'guide_002' });
    expect(first.user_ticket).toBeUndefined();
    const again = authUserInfoResponseSchema.parse((await wx.get('/cgi-bin/auth/getuserinfo', { code })).json);
    expect(again.errcode).toBe(40029);
  });

  it('a non-member (WeChat customer) resolves to openid and external_userid, without userid', async () => {
    const external = sim.state.customers.keys().next().value ?? '';
    const { code } = await codeFrom(authorizeUrl({ external_userid: external }));
    const info = authUserInfoResponseSchema.parse((await wx.get('/cgi-bin/auth/getuserinfo', { code })).json);
    expect(info.userid).toBeUndefined();
    expect(info.openid).toMatch(/^o/);
    expect(info.external_userid).toBe(external);
  });

  it('snsapi_privateinfo adds a user_ticket that auth/getuserdetail accepts', async () => {
    const { code } = await codeFrom(authorizeUrl({ userid: 'guide_003', scope: 'snsapi_privateinfo' }));
    const info = authUserInfoResponseSchema.parse((await wx.get('/cgi-bin/auth/getuserinfo', { code })).json);
    expect(info.user_ticket).toBeTruthy();
    const detail = await wx.post('/cgi-bin/auth/getuserdetail', { user_ticket: info.user_ticket });
    expect(detail.json).toMatchObject({ errcode: 0, userid: 'guide_003' });
  });

  it('refuses a wrong appid or a missing redirect_uri with an error page and no redirect', async () => {
    expect((await fetch(authorizeUrl({ appid: 'wwother' }), { redirect: 'manual' })).status).toBe(400);
    const noRedirect = authorizeUrl().replace(/redirect_uri=[^&]*&/, '');
    expect((await fetch(noRedirect, { redirect: 'manual' })).status).toBe(400);
    expect((await fetch(authorizeUrl({ userid: 'nobody' }), { redirect: 'manual' })).status).toBe(400);
  });
});
