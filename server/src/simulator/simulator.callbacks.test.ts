import { afterEach, describe, expect, it } from 'vitest';
import { parseEnvelope, parseEventXml } from '@server/wecom/callback-xml.ts';
import { decryptMessage, verifyUrl } from '@server/wecom/crypto.ts';
import { externalContactGetResponseSchema } from '@server/wecom/schemas.ts';
import { SIMULATOR_CORP } from '@server/wecom/simulator-corp.ts';
import { startSimulator, type RunningSimulator, type Simulator } from './index.ts';
import type { CallbackTargetInput } from './callbacks.ts';
import { startReceiver, wxClient, type ReceivedCallback } from './testing.ts';

const CORP = { customers: 30, guides: 3, groups: 2 };
const cfg = { token: SIMULATOR_CORP.callbackToken, aesKey: SIMULATOR_CORP.callbackAesKey, receiveId: SIMULATOR_CORP.corpId };
const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function setup(respond?: Parameters<typeof startReceiver>[0], callback: CallbackTargetInput = { timeoutMs: 300, retryDelayMs: 10 }) {
  const receiver = await startReceiver(respond);
  closers.push(receiver.close);
  const sim: Simulator & RunningSimulator = await startSimulator({ corp: CORP, callbackUrl: receiver.url, callback });
  closers.push(sim.close);
  return { sim, receiver, wx: wxClient(sim) };
}

/** Decrypts a received callback with the server's own crypto and parses it with the server's parser. */
function open(req: ReceivedCallback) {
  const envelope = parseEnvelope(req.body);
  expect(envelope.ToUserName).toBe(SIMULATOR_CORP.corpId);
  expect(envelope.AgentID).toBe(String(SIMULATOR_CORP.agentId));
  const q = {
    msg_signature: req.query.get('msg_signature') ?? '',
    timestamp: req.query.get('timestamp') ?? '',
    nonce: req.query.get('nonce') ?? '',
  };
  return parseEventXml(decryptMessage(cfg, q, envelope.Encrypt));
}

describe('simulator callbacks', () => {
  it('adding a follow changes the state and pushes a signed, encrypted add_external_contact the server can decrypt', async () => {
    const { sim, receiver, wx } = await setup();
    const { json } = await wx.admin('/mutations/follow/add', { userid: 'guide_001', state: 'store_qr' });
    const external = String((json.result as { external_userid: string }).external_userid);
    await sim.flushCallbacks();
    expect(receiver.received).toHaveLength(1);
    const req = receiver.received[0];
    if (!req) throw new Error('no callback');
    expect(req.method).toBe('POST');
    const parsed = open(req);
    expect(parsed.kind).toBe('event');
    expect(parsed.fields).toMatchObject({
      MsgType: 'event',
      Event: 'change_external_contact',
      ChangeType: 'add_external_contact',
      UserID: 'guide_001',
      ExternalUserID: external,
      State: 'store_qr',
    });
    expect(parsed.fields.WelcomeCode).toBeTruthy();
    const got = externalContactGetResponseSchema.parse((await wx.get('/cgi-bin/externalcontact/get', { external_userid: external })).json);
    expect(got.follow_user.map((f) => f.userid)).toEqual(['guide_001']);
    expect(got.follow_user[0]?.state).toBe('store_qr');
    expect(sim.pendingCallbacks()).toEqual([]);
  });

  it('with concurrency, delivers several events at once: three hanging deliveries are three different events, each retried', async () => {
    const { sim, receiver, wx } = await setup((n) => (n <= 3 ? 'hang' : 200), { timeoutMs: 300, retryDelayMs: 10, concurrency: 3 });
    for (let i = 0; i < 3; i++) await wx.admin('/mutations/follow/add', { userid: 'guide_001', state: `burst_${i}` });
    await sim.flushCallbacks();
    expect(new Set(receiver.received.slice(0, 3).map((r) => r.body)).size).toBe(3);
    expect(receiver.received).toHaveLength(6);
    expect(sim.callbacks.recent(3).map((r) => [r.status, r.attempts])).toEqual([
      ['delivered', 2],
      ['delivered', 2],
      ['delivered', 2],
    ]);
    expect(sim.pendingCallbacks()).toEqual([]);
  });

  it('retries with the same payload while the receiver does not answer 200 in time, then stops', async () => {
    const { sim, receiver, wx } = await setup((n) => (n === 1 ? 'hang' : n === 2 ? 500 : 200));
    await wx.admin('/mutations/follow/delete', {
      userid: 'guide_001',
      external_userid: sim.state.customersByUser.get('guide_001')?.[0],
      by: 'customer',
    });
    expect(sim.pendingCallbacks()).toHaveLength(1);
    await sim.flushCallbacks();
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    expect(open(receiver.received[2] as ReceivedCallback).fields).toMatchObject({ ChangeType: 'del_follow_user', UserID: 'guide_001' });
    const record = sim.callbacks.recent(1)[0];
    expect(record).toMatchObject({ status: 'delivered', attempts: 3 });
  });

  it("gives up after WeCom's 3 retries when the receiver keeps failing", async () => {
    const { sim, receiver, wx } = await setup(() => 503);
    await wx.admin('/mutations/corp-tag/create', { group_name: '新分组', tag: [{ name: '甲' }] });
    await sim.flushCallbacks();
    expect(receiver.received).toHaveLength(4);
    expect(sim.callbacks.recent(1)[0]).toMatchObject({ status: 'failed', attempts: 4, lastError: 'HTTP 503' });
  });

  it('changes made through the API (mark_tag, remark, add_corp_tag) push no callback', async () => {
    const { sim, receiver, wx } = await setup();
    const external = sim.state.customersByUser.get('guide_001')?.[0] ?? '';
    const tag = sim.state.tags.keys().next().value ?? '';
    expect(
      (await wx.post('/cgi-bin/externalcontact/mark_tag', { userid: 'guide_001', external_userid: external, add_tag: [tag] })).json.errcode,
    ).toBe(0);
    expect(
      (await wx.post('/cgi-bin/externalcontact/remark', { userid: 'guide_001', external_userid: external, remark: 'x' })).json.errcode,
    ).toBe(0);
    expect((await wx.post('/cgi-bin/externalcontact/add_corp_tag', { group_name: 'API分组', tag: [{ name: 't' }] })).json.errcode).toBe(0);
    await sim.flushCallbacks();
    expect(receiver.received).toHaveLength(0);
    expect(sim.callbacks.recent()).toHaveLength(0);
  });

  it('edits, tag changes and group chat changes push the matching events in order', async () => {
    const { sim, receiver, wx } = await setup();
    const external = sim.state.customersByUser.get('guide_002')?.[0] ?? '';
    const tagId = sim.state.tags.keys().next().value ?? '';
    await wx.admin('/mutations/customer/edit', { userid: 'guide_002', external_userid: external, remark: '老客', add_tag: [tagId] });
    await wx.admin('/mutations/customer/edit', { userid: 'guide_002', external_userid: external, remark_mobiles: ['13700000000'] });
    await wx.admin('/mutations/corp-tag/update', { id: tagId, name: '改名' });
    await wx.admin('/mutations/corp-tag/delete', { tag_id: [tagId] });
    const created = await wx.admin('/mutations/group-chat/create', { owner: 'guide_002', name: '新群', members: [external] });
    const chatId = String((created.json.result as { chat_id: string }).chat_id);
    await wx.admin('/mutations/group-chat/update', { chat_id: chatId, update_detail: 'add_member', members: ['guide_003'], join_scene: 0 });
    await wx.admin('/mutations/group-chat/update', { chat_id: chatId, update_detail: 'change_name', name: '改名群' });
    await wx.admin('/mutations/group-chat/dismiss', { chat_id: chatId });
    await wx.admin('/mutations/follow/delete', { userid: 'guide_002', external_userid: external, by: 'staff' });
    await sim.flushCallbacks();
    const events = receiver.received.map((r) => open(r).fields);
    expect(events.map((e) => `${String(e.Event)}/${String(e.ChangeType)}`)).toEqual([
      'change_external_contact/edit_external_contact',
      'change_external_tag/update',
      'change_external_tag/delete',
      'change_external_chat/create',
      'change_external_chat/update',
      'change_external_chat/update',
      'change_external_chat/dismiss',
      'change_external_contact/del_external_contact',
    ]);
    expect(events[1]).toMatchObject({ Id: tagId, TagType: 'tag' });
    expect(events[4]).toMatchObject({
      ChatId: chatId,
      UpdateDetail: 'add_member',
      MemChangeCnt: '1',
      MemChangeList: { Item: ['guide_003'] },
    });
    expect(events[4]?.LastMemVer).not.toBe(events[4]?.CurMemVer);
    expect(events[5]).toMatchObject({ UpdateDetail: 'change_name' });
    expect((await wx.get('/cgi-bin/externalcontact/get', { external_userid: external })).json.errcode).toBe(
      sim.state.customers.get(external)?.follows.length ? 0 : 84061,
    );
    expect((await wx.post('/cgi-bin/externalcontact/groupchat/get', { chat_id: chatId })).json.errcode).not.toBe(0);
  });

  it('admin mutations reject unknown members/customers with 404 and duplicates with 409', async () => {
    const { sim, wx } = await setup();
    expect((await wx.admin('/mutations/follow/add', { userid: 'nobody' })).status).toBe(404);
    const external = sim.state.customersByUser.get('guide_001')?.[0] ?? '';
    expect((await wx.admin('/mutations/follow/add', { userid: 'guide_001', external_userid: external })).status).toBe(409);
    expect((await wx.admin('/mutations/follow/delete', { userid: 'guide_001', external_userid: 'wmNOPE', by: 'staff' })).status).toBe(404);
    expect((await wx.admin('/mutations/follow/delete', { userid: 'guide_001' })).status).toBe(400);
  });

  it('POST /sim/admin/callbacks/push sends any other event as given (e.g. transfer_fail)', async () => {
    const { sim, receiver, wx } = await setup();
    const r = await wx.admin('/callbacks/push', {
      event: 'change_external_contact',
      fields: [
        ['ChangeType', 'transfer_fail'],
        ['UserID', 'guide_001'],
        ['ExternalUserID', 'wmX'],
        ['FailReason', 'customer_refused'],
      ],
    });
    expect(r.status).toBe(200);
    await sim.flushCallbacks();
    expect(open(receiver.received[0] as ReceivedCallback).fields).toMatchObject({
      ChangeType: 'transfer_fail',
      FailReason: 'customer_refused',
    });
  });

  it('extensions get the state and can add /cgi-bin routes that go through token checks and stats', async () => {
    const receiver = await startReceiver();
    closers.push(receiver.close);
    const sim = await startSimulator({
      corp: CORP,
      extensions: [
        (x) =>
          x.api.add({
            method: 'GET',
            path: '/cgi-bin/sim_ext/count',
            handler: () => ({ errcode: 0, errmsg: 'ok', customers: x.state.customers.size }),
          }),
      ],
    });
    closers.push(sim.close);
    const wx = wxClient(sim);
    expect((await wx.get('/cgi-bin/sim_ext/count')).json).toMatchObject({ errcode: 0, customers: CORP.customers });
    expect((await wx.get('/cgi-bin/sim_ext/count', { access_token: 'bad' })).json.errcode).toBe(40014);
    expect((await wx.admin('/stats')).json).toMatchObject({ endpoints: { '/cgi-bin/sim_ext/count': { calls: 2 } } });
  });

  it("URL verification sends an encrypted echostr the server's verifyUrl decrypts and echoes", async () => {
    const { sim } = await setup((_n, req) => {
      const echo = verifyUrl(cfg, {
        msg_signature: req.query.get('msg_signature') ?? '',
        timestamp: req.query.get('timestamp') ?? '',
        nonce: req.query.get('nonce') ?? '',
        echostr: req.query.get('echostr') ?? '',
      });
      return { status: 200, body: echo };
    });
    expect(await sim.callbacks.verifyUrl()).toMatchObject({ ok: true });
  });
});
