import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTION_ENV } from './support/production-env.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';

/** The directives of a Content-Security-Policy header, by name. */
function directives(res: Response): Record<string, string> {
  const csp = res.headers.get('content-security-policy') ?? '';
  return Object.fromEntries(
    csp
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name = '', ...values] = d.split(/\s+/);
        return [name, values.join(' ')];
      }),
  );
}

describe('security headers', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.stop());

  it('puts a strict CSP, nosniff and a referrer policy on every response, and no HSTS outside production', async () => {
    for (const path of ['/api/me', '/healthz', '/api/nowhere', '/auth/login?redirect=//evil']) {
      const res = await app.request(path, { redirect: 'manual' });
      expect(directives(res), path).toEqual({
        'default-src': "'self'",
        'script-src': "'self'",
        'style-src': "'self' 'unsafe-inline'",
        'style-src-elem': "'self'",
        'style-src-attr': "'unsafe-inline'",
        'img-src': "'self' data: https:",
        'font-src': "'self'",
        'connect-src': "'self'",
        'object-src': "'none'",
        'base-uri': "'self'",
        'form-action': "'self'",
        'frame-ancestors': 'https://*.work.weixin.qq.com https://work.weixin.qq.com',
      });
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('strict-transport-security'), path).toBeNull();
    }
  });

  it('marks every /api answer no-store, errors included', async () => {
    for (const path of ['/api/me', '/api/nowhere', '/api/customers/1']) {
      expect((await app.request(path)).headers.get('cache-control'), path).toBe('no-store');
    }
    expect((await app.request('/healthz')).headers.get('cache-control')).not.toBe('no-store');
  });
});

describe('security headers in production', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(PRODUCTION_ENV);
  });
  afterAll(async () => app?.stop());

  it('adds HSTS', async () => {
    const res = await app.request('/healthz');
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});
