import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idParamSchema } from '@shared/api/page.ts';
import { sessionHeaders } from './support/auth.ts';
import { seedSidebarFixture } from './support/customer-fixtures.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';

/** Spellings Number() would turn into 16 (or 1000), and other non-ids. */
const NOT_IDS = ['0x10', '1e3', ' 16', '16 ', '16abc', '016', '+16', '16.0', '0', '-16', '0b10', '9999999999999999'];

describe('numeric ids in paths and queries', () => {
  let app: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp({ ADMIN_USERIDS: 'boss' });
    await seedSidebarFixture(app.deps.ds);
    // Rows that a coerced '0x10' or '1e3' would land on.
    await app.deps.ds.query(
      `INSERT INTO customer (id, external_userid, name, type, gender) VALUES (16, 'wm_sixteen', '十六', 1, 0), (1000, 'wm_thousand', '一千', 1, 0)`,
    );
    admin = await sessionHeaders(app, 'boss');
  });
  afterAll(async () => app?.stop());

  it('accepts plain decimal digits only', () => {
    expect(idParamSchema.parse({ id: '16' })).toEqual({ id: 16 });
    expect(idParamSchema.parse({ id: '9007199254740991' })).toEqual({ id: Number.MAX_SAFE_INTEGER });
    for (const id of NOT_IDS) expect(idParamSchema.safeParse({ id }).success, id).toBe(false);
  });

  it('answers 400 invalid_input for /api/customers/<not an id> instead of resolving another customer', async () => {
    expect((await app.request('/api/customers/16', { headers: admin })).status).toBe(200);
    for (const id of NOT_IDS) {
      const res = await app.request(`/api/customers/${encodeURIComponent(id)}`, { headers: admin });
      expect(res.status, id).toBe(400);
      const body = (await res.json()) as { error: { id: string; message: string } };
      expect(body.error.id, id).toBe('invalid_input');
      expect(body.error.message).toBe('请求参数有误');
    }
  });

  it('holds ids in query strings to the same rule', async () => {
    expect((await app.request('/api/scripts?customerId=16', { headers: admin })).status).toBe(200);
    for (const id of ['0x10', '1e3', ' 16', '16abc']) {
      const res = await app.request(`/api/scripts?customerId=${encodeURIComponent(id)}`, { headers: admin });
      expect(res.status, id).toBe(400);
    }
  });
});
