import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthResponseSchema } from '@shared/api/health.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';

describe('health and the error vocabulary over real HTTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app.stop());

  it('reports the database reachable, migrations current and the simulator mode', async () => {
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    const body = healthResponseSchema.parse(await res.json());
    expect(body).toMatchObject({ status: 'ok', database: 'ok', migrations: { current: true, pending: [] }, wecom: { mode: 'simulator' } });
    expect(body.databaseKind).toBe(app.db.kind);
  });

  it('answers an unknown API path with 404 JSON in the error vocabulary and a request id', async () => {
    const res = await app.request('/api/does-not-exist');
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { id: string; message: string; requestId: string } };
    expect(body.error.id).toBe('route_not_found');
    expect(body.error.message).toMatch(/接口/);
    expect(res.headers.get('x-request-id')).toBe(body.error.requestId);
  });

  it('rejects malformed JSON with 400 invalid_json instead of a 500', async () => {
    const res = await app.request('/api/anything', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { id: string } }).error.id).toBe('invalid_json');
  });
});
