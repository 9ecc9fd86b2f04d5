import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupSendDetailSchema, groupSendListSchema, groupSendPreviewSchema } from '@shared/api/group-send.ts';
import { sessionHeaders } from '../../../../tests/support/auth.ts';
import { startSimApp, type SimApp } from '../../../../tests/support/sim-app.ts';

/**
 * 群发 end to end: the app composes through the real WeCom client, the
 * simulator holds the tasks, a guide "confirms" through the simulator's admin
 * action, and the results come back through get_groupmsg_task / send_result.
 */
describe('group sends', () => {
  let s: SimApp;
  let manager: Record<string, string>;
  let otherManager: Record<string, string>;
  let guide: { userid: string; staffId: number };
  let expected: Array<{ id: number; name: string; external: string }>;

  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await s.app.request(path, {
      method,
      headers: { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const q = <T>(sql: string, params: unknown[] = []) => s.app.deps.ds.query(sql, params) as Promise<T[]>;

  beforeAll(async () => {
    s = await startSimApp({}, { customers: 40, guides: 4, groups: 4 });
    // Two stores, each with its leader (a manager) and guides.
    const stores = await q<{ department_id: number; userid: string }>(
      `SELECT sd.department_id, s.userid FROM staff_department sd JOIN staff s ON s.id = sd.staff_id
        WHERE sd.is_leader = 1 AND sd.department_id >= 100 ORDER BY sd.department_id`,
    );
    const [storeA, storeB] = stores as [{ department_id: number; userid: string }, { department_id: number; userid: string }];
    manager = await sessionHeaders(s.app, storeA.userid);
    otherManager = await sessionHeaders(s.app, storeB.userid);
    const g = await q<{ id: number; userid: string }>(
      "SELECT s.id, s.userid FROM staff s JOIN staff_department sd ON sd.staff_id = s.id WHERE sd.department_id = ? AND s.role = 'guide' ORDER BY s.id",
      [storeA.department_id],
    );
    guide = { userid: g[0]!.userid, staffId: Number(g[0]!.id) };
    // Every third customer is a 重要价值客户, in both stores; the filter must reach only store A's.
    await q("UPDATE customer SET rfm_segment = 'champion' WHERE id % 3 = 0");
    expected = await q<{ id: number; name: string; external: string }>(
      `SELECT DISTINCT c.id, c.name, c.external_userid AS external FROM customer c JOIN customer_follow f ON f.customer_id = c.id AND f.lost_at IS NULL
         JOIN staff_department sd ON sd.staff_id = f.staff_id AND sd.department_id = ?
        WHERE c.rfm_segment = 'champion' ORDER BY c.id`,
      [storeA.department_id],
    );
    // A guide's private remark must never reach the customer.
    await q("UPDATE customer_follow SET remark = '私密备注-脾气差', salutation = '黄姐' WHERE customer_id = ?", [expected[0]!.id]);
  }, 120_000);
  afterAll(async () => s?.stop());

  const target = { chatType: 'single', segments: ['champion'] };
  const content = '{客户称呼}您好，{门店}{导购姓名}邀您{今天}来店领取会员礼';

  it('previews the filtered customers in the manager scope with a rendered sample, then sends exactly to them', async () => {
    expect(expected.length).toBeGreaterThan(1);
    const preview = groupSendPreviewSchema.parse((await call('POST', '/api/group-sends/preview', manager, { target, content })).body);
    expect(preview).toMatchObject({ recipients: expected.length, overDailyLimit: 0 });
    expect(preview.sample).toMatchObject({
      to: expected[0]!.name,
      text: expect.stringMatching(/^黄姐您好，.+邀您\d+月\d+日来店领取会员礼$/),
    });

    const created = await call('POST', '/api/group-sends', manager, {
      target,
      content,
      attachments: [{ msgtype: 'link', link: { title: '会员日', url: 'https://mumian.example/day' } }],
    });
    expect(created.status).toBe(201);
    const detail = groupSendDetailSchema.parse(created.body);
    expect(detail).toMatchObject({ status: 'sending', recipients: expected.length, counts: { pending: expected.length } });

    // What reached WeCom: one task per (guide, rendered text), addressed to exactly the filtered customers.
    const sent = [...s.sim.state.customers.keys()];
    expect(sent.length).toBeGreaterThan(0);
    const msgs = (await (await fetch(`${s.sim.url}/sim/admin/groupmsg`)).json()) as {
      messages: Array<{
        msgid: string;
        text: string;
        attachments: number;
        tasks: Array<{ userid: string; recipients: Array<{ target: string }> }>;
      }>;
    };
    const targets = msgs.messages.flatMap((m) => m.tasks.flatMap((t) => t.recipients.map((r) => r.target))).sort();
    expect(targets).toEqual(expected.map((e) => e.external).sort());
    const first = msgs.messages.find((m) => m.tasks.some((t) => t.recipients.some((r) => r.target === expected[0]!.external)))!;
    // {客户称呼} is the 称呼 the guide set (else the WeChat name).
    expect(first.text.startsWith('黄姐您好，')).toBe(true);
    const second = msgs.messages.find((m) => m.tasks.some((t) => t.recipients.some((r) => r.target === expected[1]!.external)))!;
    const [follow] = await q<{ salutation: string | null }>(
      'SELECT salutation FROM customer_follow WHERE customer_id = ? AND lost_at IS NULL ORDER BY added_at DESC LIMIT 1',
      [expected[1]!.id],
    );
    expect(second.text.startsWith(`${follow?.salutation?.trim() || expected[1]!.name}您好，`)).toBe(true);
    expect(msgs.messages.map((m) => m.text).join('\n')).not.toContain('私密备注');
    expect(first.attachments).toBe(1);
  });

  it('reports per guide and per customer after a guide confirms: delivered, not a friend', async () => {
    const list = groupSendListSchema.parse((await call('GET', '/api/group-sends', manager)).body);
    const id = list.items[0]!.id;
    const mine = await q<{ external: string }>(
      `SELECT c.external_userid AS external FROM group_send_recipient r JOIN customer c ON c.id = r.customer_id WHERE r.group_send_id = ? AND r.staff_id = ? ORDER BY c.id`,
      [id, guide.staffId],
    );
    expect(mine.length).toBeGreaterThan(0);
    // One of the guide's customers (followed by nobody else) deletes them before they confirm; the app hears of it as the callback would tell it.
    const gone = [...mine].reverse().find((m) => s.sim.state.customers.get(m.external)?.follows.length === 1)!.external;
    s.sim.mutations.deleteFollow({ userid: guide.userid, external_userid: gone, by: 'customer' });
    await q(
      "UPDATE customer_follow SET lost_at = '2026-01-01 00:00:00' WHERE customer_id = (SELECT id FROM customer WHERE external_userid = ?)",
      [gone],
    );
    const msgids = await q<{ msgid: string }>('SELECT msgid FROM group_send_message WHERE group_send_id = ? AND staff_id = ?', [
      id,
      guide.staffId,
    ]);
    for (const m of msgids) {
      const r = await fetch(`${s.sim.url}/sim/admin/groupmsg/confirm`, {
        method: 'POST',
        body: JSON.stringify({ msgid: m.msgid, userid: guide.userid }),
      });
      expect(r.status).toBe(200);
    }
    const detail = groupSendDetailSchema.parse((await call('GET', `/api/group-sends/${id}`, manager)).body);
    const g = detail.guides.find((x) => x.staff.id === guide.staffId)!;
    expect(g).toMatchObject({ sent: true, counts: { sent: mine.length - 1, not_friend: 1, pending: 0 } });
    expect(detail.counts.sent + detail.counts.not_friend + detail.counts.pending).toBe(expected.length);
    expect(detail.rows.find((r) => r.status === 'not_friend')).toBeDefined();
    expect(detail.resultsAt).not.toBeNull();
    // Another store's manager cannot see it; a guide cannot use group sends at all.
    expect((await call('GET', `/api/group-sends/${id}`, otherManager)).status).toBe(403);
    expect((await call('GET', '/api/group-sends', await sessionHeaders(s.app, guide.userid))).status).toBe(403);
  });

  it('enforces the one-group-send-a-day limit: the same customers are left out and shown before sending', async () => {
    const preview = groupSendPreviewSchema.parse(
      (await call('POST', '/api/group-sends/preview', manager, { target, content: '第二条' })).body,
    );
    // Everyone delivered or still pending today is left out; the one who deleted the guide is no longer a customer.
    expect(preview).toMatchObject({ recipients: 0, overDailyLimit: expected.length - 1 });
    const refused = await call('POST', '/api/group-sends', manager, { target, content: '第二条' });
    expect(refused.status).toBe(422);
    expect((refused.body as { error: { id: string } }).error.id).toBe('group_send_no_recipients');
  });

  it('reminds at most three times a day and cancels a send before it goes', async () => {
    const created = groupSendDetailSchema.parse(
      (
        await call('POST', '/api/group-sends', manager, {
          target: { chatType: 'single', lifecycle: ['aware', 'interested', 'purchased', 'loyal', 'churn_risk'] },
          content: '新品到店',
        })
      ).body,
    );
    expect(created.recipients).toBeGreaterThan(0);
    expect(created.skipped).toBe(expected.length - 1);
    for (let i = 0; i < 3; i++) expect((await call('POST', `/api/group-sends/${created.id}/remind`, manager)).status).toBe(200);
    const fourth = await call('POST', `/api/group-sends/${created.id}/remind`, manager);
    expect((fourth.body as { error: { id: string } }).error.id).toBe('group_send_remind_limit');
    const cancelled = groupSendDetailSchema.parse((await call('POST', `/api/group-sends/${created.id}/cancel`, manager)).body);
    expect(cancelled).toMatchObject({ status: 'cancelled', canCancel: false, counts: { cancelled: created.recipients, pending: 0 } });
    const sim = (await (await fetch(`${s.sim.url}/sim/admin/groupmsg`)).json()) as {
      messages: Array<{ cancelled: boolean; reminders: number }>;
    };
    expect(sim.messages.filter((m) => m.cancelled).length).toBeGreaterThan(0);
    expect((await call('POST', `/api/group-sends/${created.id}/cancel`, manager)).status).toBe(409);
  });

  it('sends to customer groups by owner', async () => {
    const owner = await q<{ staff_id: number }>(
      'SELECT s.id AS staff_id FROM group_chat g JOIN staff s ON s.userid = g.owner_userid ORDER BY g.id LIMIT 1',
    );
    const admin = await q<{ userid: string }>("SELECT userid FROM staff WHERE role = 'admin' LIMIT 1");
    const headers = admin[0] ? await sessionHeaders(s.app, admin[0].userid) : manager;
    const res = await call('POST', '/api/group-sends', headers, {
      target: { chatType: 'group', ownerStaffIds: [Number(owner[0]!.staff_id)] },
      content: '{群名称}的各位，周末见',
    });
    expect(res.status).toBe(201);
    const detail = groupSendDetailSchema.parse(res.body);
    expect(detail.chatType).toBe('group');
    expect(detail.rows.every((r) => r.groupId !== null)).toBe(true);
  });
});
