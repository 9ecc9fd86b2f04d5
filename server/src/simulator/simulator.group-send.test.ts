import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WecomApiError } from '@server/wecom/errors.ts';
import { WecomClient } from '@server/wecom/client.ts';
import { startSimulator, type RunningSimulator, type Simulator } from './index.ts';
import { wxClient, type WxTestClient } from './testing.ts';

/** 企业群发 and 应用消息 through the real client over a socket, with the simulator's clock injected. */
describe('simulator: group sends and application messages', () => {
  let sim: Simulator & RunningSimulator;
  let client: WecomClient;
  let wx: WxTestClient;
  let now = Date.parse('2026-12-07T02:00:00Z');
  const guide = () => [...sim.state.customersByUser.entries()].find(([, list]) => list.length >= 4)!;

  beforeAll(async () => {
    sim = await startSimulator({ corp: { customers: 40, guides: 3, groups: 4, ordersPerCustomer: 0 }, now: () => now });
    client = new WecomClient({ apiBase: sim.url, corpId: sim.corp.corpId, secret: sim.corp.secret, retry: { maxAttempts: 1 } });
    wx = wxClient(sim);
  });
  afterAll(async () => sim?.close());

  it('creates one task per member, refuses what cannot be sent, and reports each outcome after the member confirms', async () => {
    const [userid, list] = guide();
    const [a, b, c] = list as [string, string, string];
    const sent = await client.addMsgTemplate({
      chat_type: 'single',
      external_userid: [a, b, c, 'wmNOBODY'],
      sender: userid,
      text: { content: '双十二会员日，到店有礼' },
      attachments: [{ msgtype: 'link', link: { title: '活动', url: 'https://example.com/a' } }],
    });
    expect(sent.fail_list).toEqual(['wmNOBODY']);
    expect(await client.groupMsgTasks(sent.msgid)).toEqual([{ userid, status: 0 }]);
    expect((await client.groupMsgSendResults(sent.msgid, userid)).map((r) => r.status)).toEqual([0, 0, 0]);

    // b is already over today's limit (another send confirmed first); c deleted the guide before the send.
    const other = await client.addMsgTemplate({ external_userid: [b], sender: userid, text: { content: '先到的群发' } });
    await wx.admin('/groupmsg/confirm', { msgid: other.msgid, userid });
    sim.mutations.deleteFollow({ userid, external_userid: c, by: 'customer' });
    now += 3600_000;
    const confirmed = await wx.admin('/groupmsg/confirm', { msgid: sent.msgid, userid });
    expect(confirmed.status).toBe(200);
    const results = await client.groupMsgSendResults(sent.msgid, userid);
    expect(results.map((r) => [r.external_userid, r.status])).toEqual([
      [a, 1],
      [b, 3],
      [c, 2],
    ]);
    expect(results[0]!.send_time).toBe(Math.floor(now / 1000));
    expect(await client.groupMsgTasks(sent.msgid)).toEqual([{ userid, status: 2, send_time: Math.floor(now / 1000) }]);

    // The next Shanghai day b may receive again.
    now += 24 * 3600_000;
    const tomorrow = await client.addMsgTemplate({ external_userid: [b], sender: userid, text: { content: '第二天' } });
    await wx.admin('/groupmsg/confirm', { msgid: tomorrow.msgid, userid });
    expect((await client.groupMsgSendResults(tomorrow.msgid, userid)).map((r) => r.status)).toEqual([1]);

    const page = await client.listGroupMsgs({
      chat_type: 'single',
      start_time: Math.floor(now / 1000) - 3 * 86_400,
      end_time: Math.floor(now / 1000),
    });
    expect(page.group_msg_list.map((m) => m.msgid)).toEqual([sent.msgid, other.msgid, tomorrow.msgid]);
    expect(page.group_msg_list[0]).toMatchObject({ create_type: 0, text: { content: '双十二会员日，到店有礼' } });
    expect(page.group_msg_list[0]!.creator).toBeUndefined();
  });

  it('answers WeCom errcodes: 41048 nobody to send to, 41064/41065 attachments, 41047 unknown msgid, span over a month', async () => {
    const [userid] = guide();
    const code = async (p: Promise<unknown>) => ((await p.catch((e: unknown) => e)) as WecomApiError).errcode;
    expect(await code(client.addMsgTemplate({ external_userid: ['wmNOBODY'], text: { content: 'x' } }))).toBe(41048);
    const ten = Array.from({ length: 10 }, () => ({ msgtype: 'video' as const, video: { media_id: 'M' } }));
    expect(await code(client.addMsgTemplate({ sender: userid, text: { content: 'x' }, attachments: ten }))).toBe(41064);
    const bad = await wx.post('/cgi-bin/externalcontact/add_msg_template', {
      sender: userid,
      attachments: [{ msgtype: 'voice', voice: {} }],
    });
    expect(bad.json.errcode).toBe(41065);
    expect(await code(client.groupMsgTasks('msgNOPE'))).toBe(41047);
    expect(await code(client.listGroupMsgs({ chat_type: 'single', start_time: 0, end_time: 40 * 86_400 }))).toBe(40058);
  });

  it('sends to groups by owner, reminds at most 3 times a day, and a cancelled send cannot be confirmed', async () => {
    const chat = [...sim.state.groupChats.values()][0]!;
    const sent = await client.addMsgTemplate({ chat_type: 'group', sender: chat.owner, text: { content: '群公告' } });
    const owned = [...sim.state.groupChats.values()].filter((g) => g.owner === chat.owner).length;
    // Unsent group rows are not listed (the owner has not picked groups yet).
    expect(await client.groupMsgSendResults(sent.msgid, chat.owner)).toEqual([]);
    for (let i = 0; i < 3; i++) await client.remindGroupMsgSend(sent.msgid);
    await expect(client.remindGroupMsgSend(sent.msgid)).rejects.toMatchObject({ errcode: 40058 });
    await client.cancelGroupMsgSend(sent.msgid);
    expect((await wx.admin('/groupmsg/confirm', { msgid: sent.msgid, userid: chat.owner })).status).toBe(409);
    const view = await wx.admin(`/groupmsg?msgid=${sent.msgid}`);
    expect(view.json).toMatchObject({ cancelled: true, reminders: 3 });
    expect(((view.json.tasks as Array<{ recipients: unknown[] }>)[0]!.recipients as unknown[]).length).toBe(owned);
  });

  it('delivers application messages to members (textcard, template_card) and keeps each inbox for the admin view', async () => {
    const [userid] = guide();
    const res = await client.sendAppMessage({
      touser: `${userid}|ghost`,
      msgtype: 'textcard',
      agentid: sim.corp.agentId,
      textcard: { title: '跟进提醒', description: '张三：回访', url: 'https://app.example/#/customer/1', btntxt: '打开' },
    });
    expect(res.invaliduser).toBe('ghost');
    await client.sendAppMessage({
      touser: userid,
      msgtype: 'template_card',
      agentid: sim.corp.agentId,
      template_card: { card_type: 'text_notice', main_title: { title: '任务到期' }, card_action: { type: 1, url: 'https://app.example/' } },
    });
    const inbox = await wx.admin(`/app-messages?userid=${userid}`);
    expect((inbox.json.messages as Array<{ msgtype: string; content: { title?: string } }>).map((m) => m.msgtype)).toEqual([
      'textcard',
      'template_card',
    ]);
    const code = async (p: Promise<unknown>) => ((await p.catch((e: unknown) => e)) as WecomApiError).errcode;
    const base = { touser: userid, agentid: sim.corp.agentId };
    expect(await code(client.sendAppMessage({ ...base, agentid: 1, msgtype: 'text', text: { content: 'x' } }))).toBe(301002);
    expect(await code(client.sendAppMessage({ ...base, msgtype: 'textcard', textcard: { title: 't', url: 'https://x' } }))).toBe(41033);
    expect(
      await code(client.sendAppMessage({ ...base, msgtype: 'textcard', textcard: { title: 't', description: 'd', url: 'x.com' } })),
    ).toBe(45034);
    expect(await code(client.sendAppMessage({ ...base, touser: 'ghost', msgtype: 'text', text: { content: 'x' } }))).toBe(81013);
    expect((await wx.post('/cgi-bin/message/send', { ...base, msgtype: 'voice' })).json.errcode).toBe(40008);
  });
});
