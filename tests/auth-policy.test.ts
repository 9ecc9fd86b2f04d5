import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@server/auth/actor.ts';
import { signSession, SESSION_COOKIE } from '@server/auth/session.ts';
import { canSeeCustomer, canSeeGroup, visibleStaffIds } from '@server/policy/policy.ts';
import { sessionHeaders } from './support/auth.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';

/**
 * HQ(1) ─ 华东(2) ─ 上海店(3)
 *        └ 华南(4)
 * mgr_east leads 华东 (so sees 上海店 too); g_sh in 上海店; g_sz in 华南.
 */
async function seed(app: TestApp): Promise<Record<string, number>> {
  const q = (sql: string, p: unknown[] = []) => app.deps.ds.query(sql, p);
  await q(
    `INSERT INTO department (id, name, parent_id, sort_order) VALUES (1,'总部',NULL,0),(2,'华东',1,0),(3,'上海店',2,0),(4,'华南',1,0)`,
  );
  const ids: Record<string, number> = {};
  for (const [userid, role, status] of [
    ['mgr_east', 'manager', 1],
    ['g_sh', 'guide', 1],
    ['g_sz', 'guide', 1],
    ['g_left', 'guide', 5],
    ['boss', 'guide', 1],
  ] as const) {
    await q(`INSERT INTO staff (userid, name, role, status, is_follow_user) VALUES (?, ?, ?, ?, 1)`, [userid, userid, role, status]);
    const rows: Array<{ id: number }> = await q('SELECT id FROM staff WHERE userid = ?', [userid]);
    ids[userid] = rows[0]!.id;
  }
  await q(`INSERT INTO staff_department (staff_id, department_id, is_leader) VALUES (?,2,1),(?,3,0),(?,4,0)`, [
    ids.mgr_east,
    ids.g_sh,
    ids.g_sz,
  ]);
  await q(`INSERT INTO customer (id, external_userid, name, total_spent) VALUES (1,'wm_a','甲',0),(2,'wm_b','乙',0),(3,'wm_c','丙',0)`);
  await q(
    `INSERT INTO customer_follow (customer_id, staff_id, remark_mobiles, added_at, lost_at) VALUES (1,?,'[]','2026-01-01 00:00:00',NULL),(2,?,'[]','2026-01-01 00:00:00',NULL),(3,?,'[]','2026-01-01 00:00:00','2026-02-01 00:00:00')`,
    [ids.g_sh, ids.g_sz, ids.g_sh],
  );
  await q(
    `INSERT INTO group_chat (id, chat_id, name, owner_userid, create_time) VALUES (1,'wr_1','上海粉丝群','g_sh','2026-01-01 00:00:00')`,
  );
  await q(`INSERT INTO group_member (group_id, member_type, userid, staff_id, join_time) VALUES (1,1,'g_sz',?,'2026-01-01 00:00:00')`, [
    ids.g_sz,
  ]);
  return ids;
}

describe('auth and the access policy', () => {
  let app: TestApp;
  let ids: Record<string, number>;
  const actor = (userid: string, role: Actor['role']): Actor => ({ staffId: ids[userid]!, userid, name: userid, role });

  beforeAll(async () => {
    app = await startTestApp({ ADMIN_USERIDS: 'boss' });
    ids = await seed(app);
  });
  afterAll(async () => app.stop());

  it('a guide sees only customers they actively follow', async () => {
    const ds = app.deps.ds;
    expect(await canSeeCustomer(ds, actor('g_sh', 'guide'), 1)).toBe(true);
    expect(await canSeeCustomer(ds, actor('g_sh', 'guide'), 2)).toBe(false);
    expect(await canSeeCustomer(ds, actor('g_sh', 'guide'), 3)).toBe(false); // relation lost
  });

  it('a manager sees the staff of the departments they lead and their sub-departments, not other regions', async () => {
    const visible = await visibleStaffIds(app.deps.ds, actor('mgr_east', 'manager'));
    expect(visible?.sort()).toEqual([ids.mgr_east, ids.g_sh].sort());
    expect(await canSeeCustomer(app.deps.ds, actor('mgr_east', 'manager'), 1)).toBe(true);
    expect(await canSeeCustomer(app.deps.ds, actor('mgr_east', 'manager'), 2)).toBe(false);
  });

  it('a group is visible to its owner and to staff members in it, not to others', async () => {
    expect(await canSeeGroup(app.deps.ds, actor('g_sh', 'guide'), 1)).toBe(true);
    expect(await canSeeGroup(app.deps.ds, actor('g_sz', 'guide'), 1)).toBe(true);
    expect(await canSeeGroup(app.deps.ds, actor('mgr_east', 'manager'), 1)).toBe(true);
    expect(await canSeeGroup(app.deps.ds, actor('boss', 'guide'), 1)).toBe(false);
  });

  it('GET /api/me needs a session: 401 without, the staff member with one, admin from ADMIN_USERIDS', async () => {
    expect((await app.request('/api/me')).status).toBe(401);
    const me = await app.request('/api/me', { headers: await sessionHeaders(app, 'g_sh') });
    expect(await me.json()).toEqual({ userid: 'g_sh', name: 'g_sh', role: 'guide' });
    const boss = await app.request('/api/me', { headers: await sessionHeaders(app, 'boss') });
    expect(((await boss.json()) as { role: string }).role).toBe('admin');
  });

  it("rejects a forged, an expired, and a departed member's session", async () => {
    const secret = app.deps.config.sessionSecret;
    const now = Math.floor(Date.now() / 1000);
    const forged = signSession('another-secret-of-16+chars', { sid: ids.g_sh!, uid: 'g_sh', exp: now + 60 });
    const expired = signSession(secret, { sid: ids.g_sh!, uid: 'g_sh', exp: now - 1 });
    const left = signSession(secret, { sid: ids.g_left!, uid: 'g_left', exp: now + 60 });
    for (const token of [forged, expired, left, 'garbage']) {
      const res = await app.request('/api/me', { headers: { cookie: `${SESSION_COOKIE}=${token}` } });
      expect(res.status).toBe(401);
    }
  });
});
