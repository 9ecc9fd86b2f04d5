import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelReport, JoinWayList, JoinWayView } from '@shared/api/channels.ts';
import { shanghaiDay } from '@shared/time.ts';
import { onGroupJoinHandled } from '@server/features/channels/channels.jobs.ts';
import { registerFeatureJobs } from '@server/jobs-bootstrap.ts';
import { sessionHeaders } from './support/auth.ts';
import { startSimApp, type SimApp } from './support/sim-app.ts';

/**
 * Group join codes (群活码) over the real HTTP path: the admin API makes the
 * WeCom join way (and 入群欢迎语 template) in the simulator, a simulated scan
 * pushes the encrypted change_external_chat add_member callback to the app,
 * and the join is attributed to the code by the member's state from groupchat/get.
 */
describe('group join codes (群活码)', () => {
  let s: SimApp;
  let admin: Record<string, string>;
  let chats: string[];
  let departmentId: number;
  let way: JoinWayView;
  const handled: number[] = [];

  const api = async <T>(path: string, init: RequestInit = {}, as = admin): Promise<{ status: number; body: T }> => {
    const res = await s.app.request(path, { ...init, headers: { 'content-type': 'application/json', ...as, ...(init.headers ?? {}) } });
    const text = await res.text();
    return { status: res.status, body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T };
  };
  const configIdOf = async (id: number): Promise<string | null> => {
    const rows: Array<{ config_id: string | null }> = await s.app.deps.ds.query('SELECT config_id FROM group_join_way WHERE id = ?', [id]);
    return rows[0]?.config_id ?? null;
  };
  /** A customer scans the code; resolves once the app has handled the add_member callback. */
  const join = async (configId: string, externalUserid: string): Promise<{ chat_id: string }> => {
    const seen = handled.length;
    const done = new Promise<number>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no add_member handled within 15 s')), 15_000);
      const poll = setInterval(() => {
        const n = handled[seen];
        if (n !== undefined) {
          clearTimeout(t);
          clearInterval(poll);
          resolve(n);
        }
      }, 20);
    });
    const res = await fetch(`${s.sim.url}/sim/admin/join-way/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ config_id: configId, external_userid: externalUserid }),
    });
    expect(res.status).toBe(200);
    expect(await done).toBe(1);
    return (await res.json()) as { chat_id: string };
  };

  beforeAll(async () => {
    s = await startSimApp({}, { customers: 30, guides: 4, groups: 3 });
    s.sim.callbacks.setTarget({ url: `${s.app.url}/wecom/callback`, retryDelayMs: 10 });
    await registerFeatureJobs(s.app.deps, { only: ['channels'] });
    onGroupJoinHandled(s.app.deps, (n) => handled.push(n));
    const adminRow: Array<{ userid: string }> = await s.app.deps.ds.query("SELECT userid FROM staff WHERE role = 'admin' ORDER BY id");
    admin = await sessionHeaders(s.app, adminRow[0]!.userid);
    chats = [...s.sim.state.groupChats.keys()].slice(0, 2);
    const dept: Array<{ id: number }> = await s.app.deps.ds.query('SELECT id FROM department ORDER BY id');
    departmentId = Number(dept[0]!.id);
  });
  afterAll(async () => s?.stop());

  it('creates a join code over two groups with a welcome: the simulator holds the join way with our state and the template', async () => {
    const created = await api<JoinWayView>('/api/channels/join-ways', {
      method: 'POST',
      body: JSON.stringify({
        name: '直播间福利群',
        departmentId,
        chatIds: chats,
        roomBaseName: '福利群',
        welcomeText: '欢迎入群，置顶有福利～',
      }),
    });
    expect(created.status).toBe(201);
    way = created.body;
    expect(way.stateKey.length).toBeLessThanOrEqual(30);
    const configId = (await configIdOf(way.id))!;
    expect(s.sim.state.acquisition.joinWays.get(configId)).toMatchObject({
      scene: 2,
      state: way.stateKey,
      chat_id_list: chats,
      auto_create_room: 1,
      room_base_name: '福利群',
      room_base_id: 3,
    });
    expect(s.sim.state.acquisition.groupWelcomeTemplates.get(way.templateId!)).toMatchObject({
      text: { content: '欢迎入群，置顶有福利～' },
    });
    const qr = await s.app.request(`/api/channels/join-ways/${way.id}/qr.png?download=1`, { headers: admin });
    expect(qr.status).toBe(200);
    expect(qr.headers.get('content-type')).toBe('image/png');
    expect(qr.headers.get('content-disposition')).toContain(encodeURIComponent('群活码_直播间福利群'));
  });

  it('offers the live customer groups to pick', async () => {
    const groups = await api<{ items: Array<{ chatId: string; name: string }> }>('/api/channels/join-ways/groups');
    expect(groups.status).toBe(200);
    expect(groups.body.items.map((g) => g.chatId)).toEqual(expect.arrayContaining(chats));
  });

  it('refuses more than five groups, unknown groups, and guides', async () => {
    const six = await api<{ error: { id: string } }>('/api/channels/join-ways', {
      method: 'POST',
      body: JSON.stringify({ name: '太多群', chatIds: ['a', 'b', 'c', 'd', 'e', 'f'] }),
    });
    expect(six.status).toBe(400);
    const unknown = await api<{ error: { id: string } }>('/api/channels/join-ways', {
      method: 'POST',
      body: JSON.stringify({ name: '不存在的群', chatIds: ['wr_nope'] }),
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.id).toBe('unknown_group_chat');
    const guideRow: Array<{ userid: string }> = await s.app.deps.ds.query("SELECT userid FROM staff WHERE role = 'guide' ORDER BY id");
    const guide = await api('/api/channels/join-ways', {}, await sessionHeaders(s.app, guideRow[0]!.userid));
    expect(guide.status).toBe(403);
  });

  it('attributes customers who join through the code by their state, and counts them as 入群 in the channel report and CSV', async () => {
    const configId = (await configIdOf(way.id))!;
    // Two new customers (not in any group yet) scan the code.
    const joiners: string[] = [];
    for (const name of ['入群甲', '入群乙']) {
      const res = await fetch(`${s.sim.url}/sim/admin/mutations/follow/add`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userid: s.sim.state.groupChats.get(chats[0]!)!.owner, customer: { name } }),
      });
      expect(res.status).toBe(200);
      joiners.push(((await res.json()) as { result: { external_userid: string } }).result.external_userid);
    }
    for (const id of joiners) {
      const joined = await join(configId, id);
      expect(joined.chat_id).toBe(chats[0]);
    }
    const rows: Array<{ member_id: string }> = await s.app.deps.ds.query(
      'SELECT member_id FROM group_join WHERE join_way_id = ? ORDER BY member_id',
      [way.id],
    );
    expect(rows.map((r) => r.member_id)).toEqual([...joiners].sort());

    const today = shanghaiDay(new Date());
    const report = await api<ChannelReport>(`/api/channels/report?from=${today}&to=${today}`);
    expect(report.status).toBe(200);
    expect(report.body.rows.find((r) => r.key === `j${way.id}`)).toMatchObject({
      label: '直播间福利群',
      sub: '群活码',
      groupJoins: 2,
      adds: 0,
    });
    expect(report.body.totals.groupJoins).toBe(2);
    const one = await api<ChannelReport>(`/api/channels/report?from=${today}&to=${today}&joinWayId=${way.id}`);
    expect(one.body.rows).toHaveLength(1);
    const csv = await s.app.request(`/api/channels/report?from=${today}&to=${today}&format=csv`, { headers: admin });
    const text = Buffer.from(await csv.arrayBuffer()).toString('utf8');
    expect(text.split('\n')[0]).toContain(',入群');
    expect(text).toContain('直播间福利群,群活码,0,');
    const list = await api<JoinWayList>('/api/channels/join-ways');
    expect(list.body.items.find((i) => i.id === way.id)?.joinsTotal).toBe(2);
  });

  it('a manager sees the codes of their departments only: another department’s code is 403', async () => {
    const [mgr] = await s.app.deps.ds.query<Array<{ id: number; userid: string }>>(
      "SELECT id, userid FROM staff WHERE role = 'guide' AND status = 1 ORDER BY id DESC",
    );
    const otherDept = 990_001;
    await s.app.deps.ds.query('INSERT INTO department (id, name, parent_id, sort_order) VALUES (?, ?, NULL, 0)', [otherDept, '别的门店']);
    await s.app.deps.ds.query("UPDATE staff SET role = 'manager' WHERE id = ?", [mgr!.id]);
    await s.app.deps.ds.query('DELETE FROM staff_department WHERE staff_id = ?', [mgr!.id]);
    await s.app.deps.ds.query('INSERT INTO staff_department (staff_id, department_id, is_leader) VALUES (?, ?, 1)', [mgr!.id, otherDept]);
    const asManager = await sessionHeaders(s.app, mgr!.userid);
    expect((await api(`/api/channels/join-ways/${way.id}`, {}, asManager)).status).toBe(403);
    const put = await api<{ error: { id: string } }>(
      `/api/channels/join-ways/${way.id}`,
      { method: 'PUT', body: JSON.stringify({ name: '改名', chatIds: chats }) },
      asManager,
    );
    expect(put.status).toBe(403);
    expect(put.body.error.id).toBe('forbidden_channel');
    expect((await api(`/api/channels/join-ways/${way.id}`, { method: 'DELETE' }, asManager)).status).toBe(403);
    expect((await api<JoinWayList>('/api/channels/join-ways', {}, asManager)).body.items).toEqual([]);
    expect((await api<{ items: unknown[] }>('/api/channels/join-ways/groups', {}, asManager)).body.items).toEqual([]);
    expect((await api(`/api/channels/report?from=2026-01-01&to=2026-01-01&joinWayId=${way.id}`, {}, asManager)).status).toBe(403);
  });

  it('updates the join way (a full overwrite) and drops the template when the welcome goes', async () => {
    const configId = (await configIdOf(way.id))!;
    const templateId = way.templateId!;
    const res = await api<JoinWayView>(`/api/channels/join-ways/${way.id}`, {
      method: 'PUT',
      body: JSON.stringify({ name: '直播间福利群', departmentId, chatIds: chats.slice(0, 1), autoCreateRoom: false, welcomeText: null }),
    });
    expect(res.status).toBe(200);
    expect(res.body.templateId).toBeNull();
    expect(s.sim.state.acquisition.joinWays.get(configId)).toMatchObject({
      chat_id_list: chats.slice(0, 1),
      auto_create_room: 0,
      state: way.stateKey,
    });
    expect(s.sim.state.acquisition.groupWelcomeTemplates.has(templateId)).toBe(false);
    // An edit that does not name the department keeps the code's own (it used to fall to corp-wide).
    const kept = await api<JoinWayView>(`/api/channels/join-ways/${way.id}`, {
      method: 'PUT',
      body: JSON.stringify({ name: '直播间福利群', chatIds: chats.slice(0, 1), autoCreateRoom: false, welcomeText: null }),
    });
    expect(kept.status).toBe(200);
    expect(kept.body.departmentId).toBe(departmentId);
  });

  it('deletes the WeCom join way; its joins stay in the report', async () => {
    const configId = (await configIdOf(way.id))!;
    const res = await api(`/api/channels/join-ways/${way.id}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(s.sim.state.acquisition.joinWays.has(configId)).toBe(false);
    expect((await api(`/api/channels/join-ways/${way.id}`)).status).toBe(404);
    const today = shanghaiDay(new Date());
    const report = await api<ChannelReport>(`/api/channels/report?from=${today}&to=${today}`);
    expect(report.body.totals.groupJoins).toBe(2);
  });
});
