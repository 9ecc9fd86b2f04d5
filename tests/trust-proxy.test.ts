import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders } from './support/auth.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';

const SPOOFED = { 'x-forwarded-for': '198.51.100.66', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };

/** Changes a role as the admin, then reads back the address the audit log recorded. */
async function auditedIp(app: TestApp, headers: Record<string, string>): Promise<string | null> {
  const res = await app.request('/api/admin/staff/g1/role', {
    method: 'PUT',
    headers: { ...(await sessionHeaders(app, 'boss')), 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ role: 'manager' }),
  });
  expect(res.status).toBe(200);
  const rows: Array<{ ip: string | null }> = await app.deps.ds.query('SELECT ip FROM audit_log ORDER BY id DESC LIMIT 1');
  return rows[0]?.ip ?? null;
}

/** The redirect_uri /auth/login sends WeCom to. */
async function redirectUri(app: TestApp, headers: Record<string, string>): Promise<string | null> {
  const res = await app.request('/auth/login', { redirect: 'manual', headers });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!.replace(/#wechat_redirect$/, '')).searchParams.get('redirect_uri');
}

async function startWithStaff(env: Record<string, string>): Promise<TestApp> {
  const app = await startTestApp({ ADMIN_USERIDS: 'boss', WECOM_OAUTH_BASE: 'https://open.weixin.qq.com', ...env });
  await app.deps.ds.query(
    `INSERT INTO staff (userid, name, role, status, is_follow_user) VALUES ('boss','老板','guide',1,0),('g1','导购一','guide',1,1)`,
  );
  return app;
}

describe('forwarded headers without TRUST_PROXY', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startWithStaff({});
  });
  afterAll(async () => app?.stop());

  it('records the socket peer in the audit log, not a spoofed X-Forwarded-For', async () => {
    expect(await auditedIp(app, SPOOFED)).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });

  it('builds the OAuth redirect_uri from the request host, never from X-Forwarded-Host', async () => {
    expect(await redirectUri(app, SPOOFED)).toBe(`${app.url}/auth/callback`);
  });
});

describe('forwarded headers with TRUST_PROXY=true', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startWithStaff({ TRUST_PROXY: 'true' });
  });
  afterAll(async () => app?.stop());

  it('records the address the proxy appended (the last hop), not what the client prepended', async () => {
    expect(await auditedIp(app, { 'x-forwarded-for': '198.51.100.66' })).toBe('198.51.100.66');
    expect(await auditedIp(app, { 'x-forwarded-for': '10.9.9.9, 203.0.113.5' })).toBe('203.0.113.5');
  });

  it('follows the proxy for host and protocol while PUBLIC_URL is unset', async () => {
    expect(await redirectUri(app, { 'x-forwarded-host': 'scrm.example.com', 'x-forwarded-proto': 'https' })).toBe(
      'https://scrm.example.com/auth/callback',
    );
  });
});

describe('PUBLIC_URL set, proxy trusted', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startWithStaff({ TRUST_PROXY: 'true', PUBLIC_URL: 'https://scrm.example.com/' });
  });
  afterAll(async () => app?.stop());

  it('always redirects to PUBLIC_URL whatever X-Forwarded-Host says', async () => {
    expect(await redirectUri(app, SPOOFED)).toBe('https://scrm.example.com/auth/callback');
    expect(await redirectUri(app, {})).toBe('https://scrm.example.com/auth/callback');
  });
});
