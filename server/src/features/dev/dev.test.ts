import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devOptionsResponseSchema, devStaffContextsResponseSchema } from '@shared/api/dev.ts';
import { SESSION_COOKIE } from '@server/auth/session.ts';
import { startTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { seedSidebarFixture } from '../../../../tests/support/customer-fixtures.ts';

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('demo dev bar (simulator mode)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ ADMIN_USERIDS: 'boss' });
    await seedSidebarFixture(app.deps.ds);
  });
  afterAll(async () => app.stop());

  it('lists active staff with their customer and group counts', async () => {
    const body = devOptionsResponseSchema.parse(await (await app.request('/api/dev/options')).json());
    expect(body.staff.map((s) => s.userid)).toEqual(['boss', 'g1', 'g2', 'g3', 'mgr']);
    expect(body.staff.find((s) => s.userid === 'g1')).toMatchObject({ name: '王导购', role: 'guide', customerCount: 1, groupCount: 1 });
    expect(body.staff.find((s) => s.userid === 'boss')?.role).toBe('admin');
    expect(body.staff.find((s) => s.userid === 'mgr')?.role).toBe('manager');
    expect(Object.fromEntries(body.staff.map((s) => [s.userid, s.kind]))).toMatchObject({ boss: 'admin', g1: 'guide' });
    expect(['store_manager', 'regional_manager']).toContain(body.staff.find((s) => s.userid === 'mgr')?.kind);
  });

  it("searches all of a guide's customers, and every customer for a manager or admin, with the total that match", async () => {
    const g2 = devStaffContextsResponseSchema.parse(await (await app.request('/api/dev/options/g2?q=%E5%BC%A0')).json());
    expect(g2.customers.map((c) => c.externalUserid)).toEqual(['wm_zhangsan']);
    expect(g2.customerTotal).toBe(1);
    const boss = devStaffContextsResponseSchema.parse(await (await app.request('/api/dev/options/boss')).json());
    expect(boss.customerTotal).toBeGreaterThanOrEqual(2);
    // g2's customers are not the admin's own, yet the admin can stand in any chat.
    expect(boss.customers.map((c) => c.externalUserid)).toEqual(expect.arrayContaining(['wm_lisi', 'wm_zhangsan']));
    const none = devStaffContextsResponseSchema.parse(await (await app.request('/api/dev/options/boss?q=%25nobody_')).json());
    expect(none).toMatchObject({ customers: [], customerTotal: 0 });
    expect((await app.request(`/api/dev/options/boss?q=${'x'.repeat(41)}`)).status).toBe(400);
  });

  it("lists a guide's customers and groups for the context picker", async () => {
    const body = devStaffContextsResponseSchema.parse(await (await app.request('/api/dev/options/g2')).json());
    expect(body.customers.map((c) => c.externalUserid)).toEqual(['wm_lisi', 'wm_zhangsan']);
    expect(body.groups).toEqual([]);
    expect(body.customerTotal).toBe(2);
    const g1 = devStaffContextsResponseSchema.parse(await (await app.request('/api/dev/options/g1')).json());
    expect(g1.customers).toEqual([{ name: '张三', externalUserid: 'wm_zhangsan', remark: '张姐' }]);
    expect(g1.groups).toEqual([{ name: '张姐粉丝群', chatId: 'wr_fans' }]);
    expect((await app.request('/api/dev/options/nobody')).status).toBe(404);
  });

  it('logs in as an active member (session cookie works for /api/me), refuses a departed one', async () => {
    const res = await app.request('/api/dev/login', json({ userid: 'g1' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userid: 'g1', name: '王导购', role: 'guide' });
    const cookie = res.headers
      .getSetCookie()
      .find((c) => c.startsWith(`${SESSION_COOKIE}=`))!
      .split(';')[0]!;
    const me = await app.request('/api/me', { headers: { cookie } });
    expect(((await me.json()) as { userid: string }).userid).toBe('g1');
    expect((await app.request('/api/dev/login', json({ userid: 'gone' }))).status).toBe(403);
  });
});

describe('demo dev bar with a real corp configured', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      WECOM_CORP_ID: 'wwreal',
      WECOM_SECRET: 's',
      WECOM_AGENT_ID: '1000001',
      SESSION_SECRET: 'a-long-enough-session-secret',
    });
  });
  afterAll(async () => app.stop());

  it('does not exist (404)', async () => {
    expect((await app.request('/api/dev/options')).status).toBe(404);
    expect((await app.request('/api/dev/login', json({ userid: 'g1' }))).status).toBe(404);
  });
});
