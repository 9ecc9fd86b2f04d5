import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffListSchema } from '@shared/api/staff-admin.ts';
import { sessionHeaders } from './support/auth.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';

describe('admin staff roles', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ ADMIN_USERIDS: 'boss' });
    await app.deps.ds.query(
      `INSERT INTO staff (userid, name, role, status, is_follow_user) VALUES ('boss','老板','guide',1,0),('g1','导购一','guide',1,1)`,
    );
  });
  afterAll(async () => app.stop());

  it('lets an admin promote a guide to manager and records who did it in the audit log', async () => {
    const headers = { ...(await sessionHeaders(app, 'boss')), 'content-type': 'application/json' };
    const res = await app.request('/api/admin/staff/g1/role', { method: 'PUT', headers, body: JSON.stringify({ role: 'manager' }) });
    expect(res.status).toBe(200);
    const list = staffListSchema.parse(await (await app.request('/api/admin/staff', { headers })).json());
    expect(list.items.find((s) => s.userid === 'g1')).toMatchObject({ role: 'manager', effectiveRole: 'manager' });
    expect(list.items.find((s) => s.userid === 'boss')).toMatchObject({ effectiveRole: 'admin' });
    const logs: Array<{ actor_userid: string; action: string; target_id: string; detail: string }> = await app.deps.ds.query(
      `SELECT actor_userid, action, target_id, detail FROM audit_log`,
    );
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ actor_userid: 'boss', action: 'staff.role_changed', target_id: 'g1' });
    expect(JSON.parse(logs[0]!.detail)).toEqual({ from: 'guide', to: 'manager' });
  });

  it('refuses non-admins with 403 and an unknown role with 400', async () => {
    const guide = { ...(await sessionHeaders(app, 'g1')), 'content-type': 'application/json' };
    expect((await app.request('/api/admin/staff', { headers: guide })).status).toBe(403);
    const admin = { ...(await sessionHeaders(app, 'boss')), 'content-type': 'application/json' };
    const bad = await app.request('/api/admin/staff/g1/role', { method: 'PUT', headers: admin, body: JSON.stringify({ role: 'owner' }) });
    expect(bad.status).toBe(400);
    const missing = await app.request('/api/admin/staff/nobody/role', {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({ role: 'guide' }),
    });
    expect(missing.status).toBe(404);
  });
});
