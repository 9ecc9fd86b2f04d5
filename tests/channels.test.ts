import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelReport, ChannelView } from '@shared/api/channels.ts';
import type { CustomerProfileResponse } from '@shared/api/customers.ts';
import { shanghaiDay } from '@shared/time.ts';
import { CHANNEL_ROTATE_JOB, onWelcomeHandled } from '@server/features/channels/channels.jobs.ts';
import { jobRunnerFor } from '@server/jobs/index.ts';
import { whenRotated, type WelcomeOutcome } from '@server/features/channels/welcome-lane.ts';
import { registerFeatureJobs } from '@server/jobs-bootstrap.ts';
import { restoreChannelCodes } from '@server/demo/restore-channel-codes.ts';
import { startSimulator } from '@server/simulator/index.ts';
import { sessionHeaders } from './support/auth.ts';
import { startSimApp, type SimApp } from './support/sim-app.ts';

interface ScanAnswer {
  result: { external_userid: string; welcome_code: string; follow: { userid: string } };
  callbacks: Array<{ fields: Array<[string, string]> }>;
}
interface SentWelcome {
  userid: string;
  externalUserid: string;
  text?: string;
  attachments: Array<Record<string, unknown>>;
}

/**
 * Channel codes over the real HTTP path: the admin API creates the WeCom
 * contact way in the simulator, a simulated scan pushes the encrypted add
 * callback to the app, and the welcome lane answers WeCom within the window —
 * asserted on what the simulator received (text, attachments, tags).
 */
describe('channel codes (渠道活码) and welcome messages', () => {
  let s: SimApp;
  let admin: Record<string, string>;
  let guides: Array<{ id: number; userid: string; name: string }>;
  let outsider: { id: number; userid: string };
  let tagId: string;
  let channel: ChannelView;
  const outcomes: WelcomeOutcome[] = [];

  const api = async <T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> => {
    const res = await s.app.request(path, { ...init, headers: { 'content-type': 'application/json', ...admin, ...(init.headers ?? {}) } });
    const text = await res.text();
    return { status: res.status, body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T };
  };
  const sim = async <T>(path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${s.sim.url}/sim/admin${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  /** The next handled add (the welcome lane reports each one). */
  const nextOutcome = (): Promise<WelcomeOutcome> => {
    const seen = outcomes.length;
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no welcome outcome within 15 s')), 15_000);
      const poll = setInterval(() => {
        const o = outcomes[seen];
        if (o) {
          clearTimeout(t);
          clearInterval(poll);
          resolve(o);
        }
      }, 20);
    });
  };
  const configIdOf = async (id: number): Promise<string | null> => {
    const rows: Array<{ config_id: string | null }> = await s.app.deps.ds.query('SELECT config_id FROM channel WHERE id = ?', [id]);
    return rows[0]?.config_id ?? null;
  };
  const scan = async (channelId: number): Promise<ScanAnswer> => {
    const done = nextOutcome();
    const res = await sim<ScanAnswer>('/contact-way/scan', { config_id: await configIdOf(channelId) });
    expect(res.status).toBe(200);
    await done;
    await whenRotated(s.app.deps.ds, channelId);
    return res.body;
  };

  beforeAll(async () => {
    s = await startSimApp({}, { customers: 30, guides: 4, groups: 2 });
    s.sim.callbacks.setTarget({ url: `${s.app.url}/wecom/callback`, retryDelayMs: 10 });
    await registerFeatureJobs(s.app.deps, { only: ['channels'] });
    onWelcomeHandled(s.app.deps, (o) => outcomes.push(o));
    const adminRow: Array<{ userid: string }> = await s.app.deps.ds.query("SELECT userid FROM staff WHERE role = 'admin' ORDER BY id");
    admin = await sessionHeaders(s.app, adminRow[0]!.userid);
    const rows: Array<{ id: number; userid: string; name: string; is_follow_user: number }> = await s.app.deps.ds.query(
      'SELECT id, userid, name, is_follow_user FROM staff WHERE status = 1 ORDER BY id',
    );
    guides = rows.filter((r) => Number(r.is_follow_user) === 1).map((r) => ({ id: Number(r.id), userid: r.userid, name: r.name }));
    const other = rows.find((r) => Number(r.is_follow_user) !== 1)!;
    outsider = { id: Number(other.id), userid: other.userid };
    const tags: Array<{ tag_id: string }> = await s.app.deps.ds.query('SELECT id AS tag_id FROM tag WHERE deleted = 0 ORDER BY id');
    tagId = tags[0]!.tag_id;
  });
  afterAll(async () => s?.stop());

  it('creates a multi-guide code with a guide who cannot take customers, and serves its QR as a PNG download', async () => {
    const png = await QRCode.toBuffer('welcome-card', { type: 'png', width: 80 });
    const image = await api<{ id: number; url: string }>('/api/channels/images?filename=card.png', {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: png,
    });
    expect(image.status).toBe(201);
    const [a, b] = guides;
    const created = await api<ChannelView>('/api/channels', {
      method: 'POST',
      body: JSON.stringify({
        name: '包裹卡·双十二',
        group: 'parcel',
        staffIds: [a!.id, outsider.id, b!.id],
        rotation: 'round_robin',
        tagIds: [tagId],
        welcome: {
          text: '{客户称呼}您好，我是{导购姓名}，包裹里的卡片扫码有礼～',
          attachments: [
            { type: 'image', assetId: image.body.id },
            { type: 'link', title: '{客户昵称}的会员权益', url: 'https://example.com/vip', desc: '新客专享' },
          ],
        },
      }),
    });
    expect(created.status).toBe(201);
    channel = created.body;
    expect(channel.stateKey.length).toBeLessThanOrEqual(30);
    expect(channel.guides.map((g) => [g.userid, g.canTake])).toEqual([
      [a!.userid, true],
      [outsider.userid, false],
      [b!.userid, true],
    ]);
    expect(channel.guides[1]!.reason).toBe('未开通客户联系');
    expect(channel.currentUserids).toEqual([a!.userid]);
    const way = s.sim.state.acquisition.contactWays.get((await configIdOf(channel.id))!)!;
    expect(way).toMatchObject({ type: 2, scene: 2, state: channel.stateKey, user: [a!.userid], skip_verify: true });

    const qr = await s.app.request(`/api/channels/${channel.id}/qr.png?download=1`, { headers: admin });
    expect(qr.status).toBe(200);
    expect(qr.headers.get('content-type')).toBe('image/png');
    expect(qr.headers.get('content-disposition')).toContain('attachment');
    expect(
      Buffer.from(await qr.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });

  it('scan → callback → welcome sent in the window with rendered text and attachments → tags applied → channel recorded', async () => {
    const [a] = guides;
    const scanned = await scan(channel.id);
    const ext = scanned.result.external_userid;
    expect(outcomes.at(-1)).toMatchObject({ channelId: channel.id, status: 'sent' });
    const sent = await sim<{ sent: SentWelcome[] }>(`/welcome/sent?external_userid=${ext}`);
    const name = s.sim.state.customers.get(ext)!.contact.name;
    expect(sent.body.sent).toHaveLength(1);
    expect(sent.body.sent[0]!.text).toBe(`${name}您好，我是${a!.name}，包裹里的卡片扫码有礼～`);
    expect(sent.body.sent[0]!.attachments).toEqual([
      { msgtype: 'image', image: { media_id: expect.stringMatching(/^3/) as string } },
      { msgtype: 'link', link: { title: `${name}的会员权益`, url: 'https://example.com/vip', desc: '新客专享' } },
    ]);
    // Tags in WeCom and in our copy of the relation; the relation carries the channel's key.
    expect(s.sim.state.findFollow(a!.userid, ext)!.tagIds).toContain(tagId);
    const follow: Array<{ id: number; state: string; customer_id: number }> = await s.app.deps.ds.query(
      `SELECT f.id, f.state, f.customer_id FROM customer_follow f JOIN customer c ON c.id = f.customer_id JOIN staff st ON st.id = f.staff_id
        WHERE c.external_userid = ? AND st.userid = ?`,
      [ext, a!.userid],
    );
    expect(follow[0]!.state).toBe(channel.stateKey);
    const tagged: unknown[] = await s.app.deps.ds.query('SELECT 1 FROM customer_tag WHERE follow_id = ? AND tag_id = ?', [
      follow[0]!.id,
      tagId,
    ]);
    expect(tagged).toHaveLength(1);
    const adds: Array<{ welcome_status: string; tags_applied: number | boolean }> = await s.app.deps.ds.query(
      'SELECT welcome_status, tags_applied FROM channel_add WHERE channel_id = ? AND external_userid = ?',
      [channel.id, ext],
    );
    expect(adds).toMatchObject([{ welcome_status: 'sent' }]);
    // The guide's profile shows the channel's name, not its key.
    const profile = await s.app.request(`/api/customers/${follow[0]!.customer_id}`, { headers: await sessionHeaders(s.app, a!.userid) });
    const body = (await profile.json()) as CustomerProfileResponse;
    expect(body.myFollow).toMatchObject({ channelLabel: '包裹卡·双十二', state: channel.stateKey });
    // The add on the timeline names the channel too.
    const timeline = await s.app.request(`/api/customers/${follow[0]!.customer_id}/timeline`, {
      headers: await sessionHeaders(s.app, a!.userid),
    });
    const items = ((await timeline.json()) as { items: Array<{ type: string; summary: string }> }).items;
    expect(items.find((i) => i.type === 'friend_added')?.summary).toContain('渠道「包裹卡·双十二」');
  });

  it('rotates a multi-guide code, skipping the guide who cannot take customers', async () => {
    const [a, b] = guides;
    expect(s.sim.state.acquisition.contactWays.get((await configIdOf(channel.id))!)!.user).toEqual([b!.userid]);
    const second = await scan(channel.id);
    expect(second.result.follow.userid).toBe(b!.userid);
    const third = await scan(channel.id);
    expect(third.result.follow.userid).toBe(a!.userid);
  });

  it('skips a guide who left: the code moves on and never lists them again', async () => {
    const [a, b] = guides;
    // b leaves: WeCom drops the member, the directory sync marks them left.
    await s.app.deps.ds.query('UPDATE staff SET status = 5 WHERE id = ?', [b!.id]);
    s.sim.state.followUsers.delete(b!.userid);
    // The periodic sweep takes them off the code (it lists b right now: a took the last customer).
    await jobRunnerFor(s.app.deps).enqueue(CHANNEL_ROTATE_JOB, {});
    await jobRunnerFor(s.app.deps).whenIdle(CHANNEL_ROTATE_JOB, 10_000);
    expect(s.sim.state.acquisition.contactWays.get((await configIdOf(channel.id))!)!.user).toEqual([a!.userid]);
    for (let i = 0; i < 3; i++) expect((await scan(channel.id)).result.follow.userid).toBe(a!.userid);
    const view = await api<ChannelView>(`/api/channels/${channel.id}`);
    expect(view.body.guides.find((g) => g.userid === b!.userid)).toMatchObject({ canTake: false, reason: '已离职' });
    await s.app.deps.ds.query('UPDATE staff SET status = 1 WHERE id = ?', [b!.id]);
    s.sim.state.followUsers.add(b!.userid);
  });

  it('the same scan after the 20-second window: 41051 is recorded cleanly, tags and channel still applied', async () => {
    const configId = await configIdOf(channel.id);
    const target = s.sim.callbacks.getTarget();
    // Hold the delivery back, let the window pass, then deliver the very same event.
    s.sim.callbacks.setTarget({ url: undefined });
    const held = await sim<ScanAnswer>('/contact-way/scan', { config_id: configId });
    await sim('/acquisition/clock', { advance_seconds: 25 });
    s.sim.callbacks.setTarget(target);
    const done = nextOutcome();
    await sim('/callbacks/push', { event: 'change_external_contact', fields: held.body.callbacks[0]!.fields });
    expect(await done).toMatchObject({ channelId: channel.id, status: 'window_missed' });
    const ext = held.body.result.external_userid;
    expect((await sim<{ sent: SentWelcome[] }>(`/welcome/sent?external_userid=${ext}`)).body.sent).toEqual([]);
    const adds: Array<{ welcome_status: string; welcome_error: string }> = await s.app.deps.ds.query(
      'SELECT welcome_status, welcome_error FROM channel_add WHERE external_userid = ?',
      [ext],
    );
    expect(adds).toEqual([{ welcome_status: 'window_missed', welcome_error: 'errcode 41051' }]);
    expect(s.sim.state.findFollow(held.body.result.follow.userid, ext)!.tagIds).toContain(tagId);
  });

  it('a code past its expiry is refused: WeCom no longer has it and the list says expired', async () => {
    const [a] = guides;
    const past = new Date(Date.now() - 60_000).toISOString();
    const updated = await api<ChannelView>(`/api/channels/${channel.id}`, {
      method: 'PUT',
      body: JSON.stringify({
        name: channel.name,
        group: 'parcel',
        staffIds: [a!.id],
        tagIds: [tagId],
        welcome: channel.welcome,
        expiresAt: past,
      }),
    });
    expect(updated.status).toBe(200);
    expect(updated.body.expired).toBe(true);
    expect(await configIdOf(channel.id)).toBeNull();
    expect(s.sim.state.acquisition.contactWays.size).toBe(0);
    const refused = await sim<{ error: { id: string } }>('/contact-way/scan', { state: channel.stateKey });
    expect(refused.status).toBe(404);
  });

  it('an edit that does not name the department keeps the code’s own', async () => {
    const [a] = guides;
    const dept: Array<{ id: number }> = await s.app.deps.ds.query('SELECT id FROM department ORDER BY id LIMIT 1');
    const departmentId = Number(dept[0]!.id);
    const created = await api<ChannelView>('/api/channels', {
      method: 'POST',
      body: JSON.stringify({ name: '门店台卡·部门', group: 'store', staffIds: [a!.id], departmentId }),
    });
    expect(created.status).toBe(201);
    const edited = await api<ChannelView>(`/api/channels/${created.body.id}`, {
      method: 'PUT',
      body: JSON.stringify({ name: '门店台卡·部门（新）', group: 'store', staffIds: [a!.id] }),
    });
    expect(edited.status).toBe(200);
    expect(edited.body.departmentId).toBe(departmentId);
    expect((await api(`/api/channels/${created.body.id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('refuses a code whose guides can none of them take customers, and guides outside a manager’s departments', async () => {
    const res = await api<{ error: { id: string } }>('/api/channels', {
      method: 'POST',
      body: JSON.stringify({ name: '无人接待', group: 'store', staffIds: [outsider.id] }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.id).toBe('channel_no_guide');
    const guide = await s.app.request('/api/channels', { headers: await sessionHeaders(s.app, guides[0]!.userid) });
    expect(guide.status).toBe(403);
  });

  it('reports adds, net adds and welcomes per channel, per guide, and as CSV', async () => {
    const today = shanghaiDay(new Date());
    const report = await api<ChannelReport>(`/api/channels/report?from=${today}&to=${today}`);
    expect(report.status).toBe(200);
    const row = report.body.rows.find((r) => r.label === '包裹卡·双十二')!;
    expect(row).toMatchObject({ adds: 7, welcomeSent: 6, sub: '包裹卡', matured7: 0 });
    expect(report.body.daily.series[0]).toMatchObject({ label: '包裹卡·双十二', values: [7] });
    const byGuide = await api<ChannelReport>(`/api/channels/report?from=${today}&to=${today}&by=guide`);
    expect(byGuide.body.rows.reduce((n, r) => n + r.adds, 0)).toBe(7);
    const csv = await s.app.request(`/api/channels/report?from=${today}&to=${today}&format=csv`, { headers: admin });
    const text = Buffer.from(await csv.arrayBuffer()).toString('utf8');
    expect(text.startsWith('\uFEFF渠道,渠道分组,新增客户')).toBe(true);
    expect(text).toContain('包裹卡·双十二,包裹卡,7,');
  });

  it('a restarted demo simulator is given the live channel codes back, and a scan of a printed code still works', async () => {
    const created = await api<ChannelView>('/api/channels', {
      method: 'POST',
      body: JSON.stringify({ name: '门店台卡·重启后', group: 'store', staffIds: [guides[0]!.id] }),
    });
    expect(created.status).toBe(201);
    const live = created.body;
    const fresh = await startSimulator({ corp: { customers: 30, guides: 4, groups: 2 } });
    try {
      expect(fresh.state.acquisition.contactWays.size).toBe(0);
      const restored = await restoreChannelCodes(fresh, s.app.deps.ds);
      expect(restored).toBeGreaterThan(0);
      const configId = (await configIdOf(live.id))!;
      const [row] = await s.app.deps.ds.query<Array<{ current_userids: string | string[] }>>(
        'SELECT current_userids FROM channel WHERE id = ?',
        [live.id],
      );
      const current = typeof row!.current_userids === 'string' ? (JSON.parse(row!.current_userids) as string[]) : row!.current_userids;
      expect(fresh.state.acquisition.contactWays.get(configId)).toMatchObject({
        state: live.stateKey,
        type: 2,
        scene: 2,
        user: current,
      });
      const res = await fetch(`${fresh.url}/sim/admin/contact-way/scan`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ config_id: configId }),
      });
      expect(res.status).toBe(200);
      expect(current).toContain(((await res.json()) as ScanAnswer).result.follow.userid);
    } finally {
      await fresh.close();
    }
  });
});
