import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { sessionHeaders } from '../../../../tests/support/auth.ts';
import { profileArchiveConsent, refreshRoomConsent } from './consent.ts';
import { MsgauditClient } from './msgaudit-client.ts';
import { FinanceSdkParamError } from './errors.ts';
import { msg } from '../../../../tests/support/archive-fixtures.ts';
import { ArchiveKeyRing } from './keyring.ts';
import { setArchiveOptions } from './archive-pull.ts';
import { createSimulatorSource } from './sim-source.ts';
import { jobRunnerFor } from '@server/jobs/index.ts';
import { registerFeatureJobs } from '@server/jobs-bootstrap.ts';
import { archiveExtension } from '@server/simulator/archive/extension.ts';
import { simulatorArchivePrivateKeys } from '@server/simulator/archive/keys.ts';
import type { SimArchive } from '@server/simulator/archive/store.ts';
import { startSimulator, type RunningSimulator, type Simulator } from '@server/simulator/index.ts';
import { seedSidebarFixture, type SidebarFixture } from '../../../../tests/support/customer-fixtures.ts';
import {
  archiveFlagPageSchema,
  archiveConsentResponseSchema,
  archiveStatusSchema,
  chatResponseSchema,
  replyStatsResponseSchema,
} from './archive.schema.ts';

const at = (iso: string) => new Date(iso);

describe('session archive over real HTTP: simulator → msgaudit_notify → pull → transcript, consent, flags', () => {
  let sim: Simulator & RunningSimulator;
  let archive: SimArchive;
  let app: TestApp;
  let fx: SidebarFixture;
  const as = async (userid: string) => sessionHeaders(app, userid);
  const json = async (res: Response): Promise<unknown> => {
    const body: unknown = await res.json();
    if (res.status >= 400) throw new Error(`${res.status} ${JSON.stringify(body)}`);
    return body;
  };

  /** Waits until the archive checkpoint reaches the simulator's max seq (the notify-triggered pull ran). */
  const pulled = async (seq: number) => {
    for (let i = 0; i < 200; i++) {
      const rows: Array<{ seq: number | string }> = await app.deps.ds.query('SELECT seq FROM archive_checkpoint');
      if (Number(rows[0]?.seq ?? 0) >= seq) {
        await jobRunnerFor(app.deps).whenIdle('archive.pull', 10_000);
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`archive not pulled up to seq ${seq}`);
  };

  beforeAll(async () => {
    sim = await startSimulator({
      corp: { customers: 20, guides: 3, groups: 2 },
      // ≥ 1 s apart like WeCom (15 s): two notifies within one CreateTime second are one event to the receiver.
      extensions: [
        archiveExtension({
          notifyIntervalMs: 1000,
          onReady: (a) => {
            archive = a;
          },
        }),
      ],
      callback: { retryDelayMs: 0, timeoutMs: 5000 },
    });
    app = await startTestApp({ WECOM_API_BASE: sim.url, ADMIN_USERIDS: 'boss', ARCHIVE_PULL_INTERVAL_SECONDS: '0' });
    setArchiveOptions(app.deps, { simulatorUrl: sim.url, simulatorKeys: simulatorArchivePrivateKeys });
    await registerFeatureJobs(app.deps, { only: ['archive'] });
    fx = await seedSidebarFixture(app.deps.ds);
    sim.callbacks.setTarget({ url: `${app.url}/wecom/callback` });
  });
  afterAll(async () => {
    await app?.stop();
    await sim?.close();
  });

  it('pulls new messages when the simulator sends msgaudit_notify, and serves the guide their transcript newest first', async () => {
    archive.append(
      [
        msg.agree('a-1', 'wm_zhangsan', 'g1', at('2026-11-20T01:00:00Z')),
        msg.text('z-1', 'wm_zhangsan', 'g1', at('2026-11-20T02:00:00Z'), '你好，保湿霜还有吗'),
        msg.text('z-2', 'g1', 'wm_zhangsan', at('2026-11-20T02:03:00Z'), '有的，给您留一瓶'),
        msg.image('z-3', 'wm_zhangsan', 'g1', at('2026-11-20T02:04:00Z')),
        msg.text('z-4', 'g1', 'wm_zhangsan', at('2026-11-20T02:05:00Z'), '保湿霜今天到店可以试用'),
        msg.revoke('z-5', 'g1', 'wm_zhangsan', at('2026-11-20T02:05:30Z'), 'z-4'),
        msg.text('y-1', 'wm_zhangsan', 'g2', at('2026-11-20T03:00:00Z'), '李导购你好'),
      ],
      1,
    );
    await pulled(archive.maxSeq);
    expect(sim.callbacks.recent().some((r) => r.event === 'msgaudit_notify' && r.status === 'delivered')).toBe(true);

    const page1 = chatResponseSchema.parse(await json(await app.request('/api/customers/1/chat?limit=2', { headers: await as('g1') })));
    expect(page1.staff.userid).toBe('g1');
    expect(page1.consentLabel).toBe('已同意存档');
    expect(page1.items.map((m) => m.msgid)).toEqual(['z-4', 'z-3']);
    expect(page1.items[0]).toMatchObject({ direction: 'out', revoked: true, text: '保湿霜今天到店可以试用' });
    expect(page1.items[1]).toMatchObject({ direction: 'in', msgtype: 'image', label: '[图片]', text: null });
    const page2 = chatResponseSchema.parse(
      await json(await app.request(`/api/customers/1/chat?limit=2&cursor=${page1.nextCursor}`, { headers: await as('g1') })),
    );
    expect(page2.items.map((m) => m.msgid)).toEqual(['z-2', 'z-1']);
    expect(page2.nextCursor).toBeNull();

    const search = chatResponseSchema.parse(
      await json(await app.request(`/api/customers/1/chat?q=${encodeURIComponent('保湿霜')}`, { headers: await as('g1') })),
    );
    expect(search.items.map((m) => m.msgid)).toEqual(['z-4', 'z-1']);

    const audits: Array<{ actor_userid: string; action: string; target_id: string }> = await app.deps.ds.query(
      `SELECT actor_userid, action, target_id FROM audit_log WHERE action = 'archive.chat.read' ORDER BY id`,
    );
    expect(audits).toHaveLength(3);
    expect(audits.every((a) => a.actor_userid === 'g1' && a.target_id === '1')).toBe(true);
  });

  it('keeps transcripts to the guide, their managers and admins', async () => {
    // g2 reads their own chat with 张三, not g1's.
    const own = chatResponseSchema.parse(await json(await app.request('/api/customers/1/chat', { headers: await as('g2') })));
    expect(own.items.map((m) => m.msgid)).toEqual(['y-1']);
    expect((await app.request(`/api/customers/1/chat?staffId=${fx.staff.g1}`, { headers: await as('g2') })).status).toBe(403);
    // g3 does not follow 张三.
    expect((await app.request('/api/customers/1/chat', { headers: await as('g3') })).status).toBe(403);
    // The 上海店 manager reads g1's chat; so does the admin.
    const mgr = chatResponseSchema.parse(
      await json(await app.request(`/api/customers/1/chat?staffId=${fx.staff.g1}`, { headers: await as('mgr') })),
    );
    expect(mgr.items).toHaveLength(4);
    expect((await app.request(`/api/customers/1/chat?staffId=${fx.staff.g1}`, { headers: await as('boss') })).status).toBe(200);
    // …but not a guide outside their departments.
    expect((await app.request(`/api/customers/4/chat?staffId=${fx.staff.g3}`, { headers: await as('mgr') })).status).toBe(403);
  });

  it('shows consent per following guide and updates it from agree/disagree messages and check_single_agree', async () => {
    const before = archiveConsentResponseSchema.parse(
      await json(await app.request('/api/customers/1/archive-consent', { headers: await as('g2') })),
    );
    expect(before.mine).toMatchObject({ status: 'unknown', label: '未同意' });
    expect(before.items.find((i) => i.staff.userid === 'g1')).toMatchObject({ status: 'agree', label: '已同意存档' });

    archive.append([msg.disagree('d-1', 'wm_zhangsan', 'g1', at('2026-11-20T05:00:00Z'))]);
    await pulled(archive.maxSeq);
    const after = archiveConsentResponseSchema.parse(
      await json(await app.request('/api/customers/1/archive-consent', { headers: await as('g1') })),
    );
    expect(after.mine).toMatchObject({ status: 'disagree', label: '未同意' });
    expect(await profileArchiveConsent(app.deps.ds, 'wm_zhangsan', 'g1')).toEqual({
      status: 'disagreed',
      changedAt: '2026-11-20T05:00:00.000Z',
    });
    expect(await profileArchiveConsent(app.deps.ds, 'wm_lisi', 'g2')).toBeNull();

    // The simulator learns g2's consent; refresh=1 asks check_single_agree and stores it.
    archive.singleConsent.set('g2|wm_zhangsan', { status: 'Agree', time: 1763600000 });
    const refreshed = archiveConsentResponseSchema.parse(
      await json(await app.request('/api/customers/1/archive-consent?refresh=1', { headers: await as('g2') })),
    );
    expect(refreshed.mine).toMatchObject({ status: 'agree', label: '已同意存档', changedAt: new Date(1763600000 * 1000).toISOString() });

    // Group consent through check_room_agree.
    const room = [...sim.state.groupChats.keys()][0] ?? '';
    archive.roomConsent.set(`${room}|wm_lisi`, { status: 'Disagree', time: 1763600100 });
    expect(
      await refreshRoomConsent(
        app.deps.ds,
        new MsgauditClient({ apiBase: sim.url, corpId: sim.corp.corpId, secret: sim.corp.secret }),
        room,
      ),
    ).toBe(1);
    const rows: Array<{ status: string; staff_userid: string }> = await app.deps.ds.query(
      'SELECT status, staff_userid FROM archive_consent WHERE roomid = ?',
      [room],
    );
    expect(rows).toEqual([{ status: 'disagree', staff_userid: '' }]);
  });

  it('flags outgoing guide messages with admin-managed sensitive words and lists them for managers only', async () => {
    const admin = { ...(await as('boss')), 'content-type': 'application/json' };
    const created = await app.request('/api/admin/sensitive-words', {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ word: '返现' }),
    });
    expect(created.status).toBe(201);
    expect(
      (await app.request('/api/admin/sensitive-words', { method: 'POST', headers: admin, body: JSON.stringify({ word: '返现' }) })).status,
    ).toBe(409);
    expect(
      (
        await app.request('/api/admin/sensitive-words', {
          method: 'POST',
          headers: { ...(await as('g1')), 'content-type': 'application/json' },
          body: JSON.stringify({ word: 'x' }),
        })
      ).status,
    ).toBe(403);
    const extra = await json(
      await app.request('/api/admin/sensitive-words', { method: 'POST', headers: admin, body: JSON.stringify({ word: '临时' }) }),
    );
    const list = (await json(await app.request('/api/admin/sensitive-words', { headers: admin }))) as {
      items: Array<{ id: number; word: string }>;
    };
    expect(list.items.map((w) => w.word)).toEqual(['临时', '返现']);
    expect(
      (await app.request(`/api/admin/sensitive-words/${(extra as { id: number }).id}`, { method: 'DELETE', headers: admin })).status,
    ).toBe(200);

    archive.append([
      msg.text('f-1', 'g1', 'wm_zhangsan', at('2026-11-20T06:00:00Z'), '加我微信，给您返现 20 元'),
      // A customer saying it is not flagged: the rule is about what guides send.
      msg.text('f-2', 'wm_zhangsan', 'g1', at('2026-11-20T06:01:00Z'), '返现什么时候到'),
    ]);
    await pulled(archive.maxSeq);

    const flags = archiveFlagPageSchema.parse(await json(await app.request('/api/archive/flags', { headers: await as('mgr') })));
    expect(flags.items).toHaveLength(1);
    expect(flags.items[0]).toMatchObject({ msgid: 'f-1', word: '返现', staff: { userid: 'g1' }, customer: { id: 1 } });
    expect((await app.request('/api/archive/flags', { headers: await as('g1') })).status).toBe(403);
    const chat = chatResponseSchema.parse(
      await json(await app.request('/api/customers/1/chat?limit=1&q=%E8%BF%94%E7%8E%B0', { headers: await as('g1') })),
    );
    expect(chat.items[0]).toMatchObject({ msgid: 'f-2', flags: [] });
    const payloads: Array<{ payload: string }> = await app.deps.ds.query(`SELECT payload FROM interaction WHERE dedupe_key = 'f-1'`);
    expect(JSON.parse(payloads[0]?.payload ?? '{}')).toMatchObject({ flags: ['返现'] });
  });

  it('reports first-reply time per guide per day', async () => {
    const stats = replyStatsResponseSchema.parse(
      await json(await app.request('/api/archive/reply-stats?from=2026-11-20&to=2026-11-20', { headers: await as('boss') })),
    );
    // g1 ↔ 张三: z-1 10:00 → z-2 10:03 (180 s); z-3 10:04 → z-4 10:05 (60 s, recalled later but sent);
    // f-2 14:01 after the guide's f-1 opens a turn nobody answered. g2: 李导购你好, unanswered.
    expect(stats.items).toEqual([
      { staffId: fx.staff.g1, day: '2026-11-20', chats: 3, replied: 2, unanswered: 1, replyPercentage: 66.67, avgFirstReplySeconds: 120 },
      { staffId: fx.staff.g2, day: '2026-11-20', chats: 1, replied: 0, unanswered: 1, replyPercentage: 0, avgFirstReplySeconds: null },
    ]);
    const mine = replyStatsResponseSchema.parse(
      await json(await app.request('/api/archive/reply-stats?from=2026-11-20&to=2026-11-20', { headers: await as('g2') })),
    );
    expect(mine.items.map((r) => r.staffId)).toEqual([fx.staff.g2]);
  });

  it('rejects impossible reply-stats days (400) and years outside 2000–2100 (422)', async () => {
    expect((await app.request('/api/archive/reply-stats?from=2026-02-30&to=2026-03-01', { headers: await as('boss') })).status).toBe(400);
    expect((await app.request('/api/archive/reply-stats?from=2026-11-20&to=2999-01-01', { headers: await as('boss') })).status).toBe(422);
  });

  it('generates realistic history in the simulator, decrypted with both key versions and pulled in batches', async () => {
    const res = await fetch(`${sim.url}/sim/admin/archive/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversations: 30, groupMessages: 10, seed: 7 }),
    });
    const { added } = (await res.json()) as { added: number };
    expect(added).toBeGreaterThan(30);
    const keys = new ArchiveKeyRing(simulatorArchivePrivateKeys());
    const source = createSimulatorSource({ baseUrl: sim.url, keys });
    const all = await source.fetch(0, 1000);
    expect(all.length).toBe(archive.maxSeq);
    expect(all.some((r) => r.message.action === 'switch')).toBe(true);
    expect(all.some((r) => r.message.action === 'send' && r.message.msgtype === 'text')).toBe(true);
    await expect(source.fetch(0, 1001)).rejects.toThrow(RangeError);
    const raw = await fetch(`${sim.url}/sim/finance/getchatdata`, { method: 'POST', body: JSON.stringify({ seq: 0, limit: 1001 }) });
    expect(await raw.json()).toMatchObject({ errcode: 10000 });
    const versions = new Set(
      (
        (await (
          await fetch(`${sim.url}/sim/finance/getchatdata`, { method: 'POST', body: JSON.stringify({ seq: 0, limit: 1000 }) })
        ).json()) as { chatdata: Array<{ publickey_ver: number }> }
      ).chatdata.map((c) => c.publickey_ver),
    );
    expect([...versions].sort()).toEqual([1, 2]);
    expect(FinanceSdkParamError).toBeDefined();
    await pulled(archive.maxSeq);
  });

  it('shows admins the pull status and lets them queue a pull', async () => {
    const status = archiveStatusSchema.parse(await json(await app.request('/api/archive/status', { headers: await as('boss') })));
    expect(status).toMatchObject({ configured: true, reason: null, seq: archive.maxSeq, lastError: null, pulling: false });
    expect(status.messagesTotal).toBe(archive.maxSeq);
    expect((await app.request('/api/archive/status', { headers: await as('g1') })).status).toBe(403);
    archive.append([msg.text('p-1', 'wm_zhangsan', 'g1', at('2026-11-20T07:00:00Z'), '手动拉取')]);
    const queued = await app.request('/api/archive/pull', { method: 'POST', headers: await as('boss') });
    expect(queued.status).toBe(202);
    await pulled(archive.maxSeq);
  });
});
