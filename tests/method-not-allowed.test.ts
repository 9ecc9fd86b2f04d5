import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.ts';

describe('a method a route does not take', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.stop());

  it('answers 405 in the error vocabulary and keeps the Allow header', async () => {
    const res = await app.request('/api/me', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toMatch(/\bGET\b/);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await res.json()) as { error: { id: string; message: string; requestId: string } };
    expect(body.error.id).toBe('method_not_allowed');
    expect(body.error.message).toMatch(/请求方法/);
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
    const post = await app.request('/auth/logout');
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('POST');
  });

  it('leaves OPTIONS answered with the allowed methods and unknown paths a 404', async () => {
    const options = await app.request('/api/me', { method: 'OPTIONS' });
    expect(options.status).toBe(200);
    expect(options.headers.get('allow')).toMatch(/\bGET\b/);
    const missing = await app.request('/api/nowhere', { method: 'DELETE' });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { id: string } }).error.id).toBe('route_not_found');
  });
});
