import { encrypt as wxEncrypt, getSignature as wxSignature } from '@wecom/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { WecomEventEntity } from '@server/entities/WecomEvent.ts';
import { buildEnvelopeXml, buildEventXml } from '@server/wecom/callback-xml.ts';
import { encryptMessage, type CallbackCryptoConfig } from '@server/wecom/crypto.ts';
import { SIMULATOR_CORP } from '@server/wecom/simulator-corp.ts';
import { subscribe } from '@server/events.ts';
import type { StoredCallback } from './wecom-callback.service.ts';

const cfg: CallbackCryptoConfig = {
  token: SIMULATOR_CORP.callbackToken,
  aesKey: SIMULATOR_CORP.callbackAesKey,
  receiveId: SIMULATOR_CORP.corpId,
};

function addContactXml(externalUserid: string, createTime = 1700000000): string {
  return buildEventXml({
    ToUserName: SIMULATOR_CORP.corpId,
    FromUserName: 'sys',
    CreateTime: createTime,
    MsgType: 'event',
    Event: 'change_external_contact',
    ChangeType: 'add_external_contact',
    UserID: 'zhangsan',
    ExternalUserID: externalUserid,
    State: 'qr1',
    WelcomeCode: 'WELCOME',
  });
}

/** POSTs an event the way WeCom does: encrypted envelope, signature in the query. */
function post(app: TestApp, xml: string, c: CallbackCryptoConfig = cfg, tamper?: (q: URLSearchParams) => void): Promise<Response> {
  const m = encryptMessage(c, xml);
  const q = new URLSearchParams({ msg_signature: m.msgSignature, timestamp: m.timestamp, nonce: m.nonce });
  tamper?.(q);
  return app.request(`/wecom/callback?${q}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: buildEnvelopeXml({ toUserName: c.receiveId, encrypt: m.encrypt, agentId: SIMULATOR_CORP.agentId }),
  });
}

describe('WeCom callback receiver over real HTTP', () => {
  let app: TestApp;
  const count = () => app.deps.ds.getRepository(WecomEventEntity).count();
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app.stop());

  it('URL verification answers exactly the decrypted echostr', async () => {
    const m = encryptMessage(cfg, '5927782489442352469');
    const q = new URLSearchParams({ msg_signature: m.msgSignature, timestamp: m.timestamp, nonce: m.nonce, echostr: m.encrypt });
    const res = await app.request(`/wecom/callback?${q}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('5927782489442352469');
  });

  it('URL verification with a forged signature is 401 and echoes nothing', async () => {
    const m = encryptMessage(cfg, 'secret-echo');
    const q = new URLSearchParams({ msg_signature: 'f'.repeat(40), timestamp: m.timestamp, nonce: m.nonce, echostr: m.encrypt });
    const res = await app.request(`/wecom/callback?${q}`);
    expect(res.status).toBe(401);
    const body = await res.text();
    expect(body).not.toContain('secret-echo');
    expect(JSON.parse(body)).toMatchObject({ error: { id: 'wecom_callback_bad_signature' } });
  });

  it('stores a valid event once even when WeCom delivers it 3 times, answering success each time', async () => {
    const before = await count();
    const woken: StoredCallback[] = [];
    const off = subscribe(app.deps, 'callback.stored', (info) => {
      woken.push(info);
    });
    const xml = addContactXml('wmRetryCustomer0001');
    for (let i = 0; i < 3; i++) {
      const res = await post(app, xml);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('success');
    }
    off();
    expect(await count()).toBe(before + 1);
    const rows = await app.deps.ds.getRepository(WecomEventEntity).find({ where: { event: 'change_external_contact' } });
    const row = rows.find((r) => r.payload.includes('wmRetryCustomer0001'));
    expect(row).toMatchObject({
      status: 'queued',
      changeType: 'add_external_contact',
      corpId: SIMULATOR_CORP.corpId,
      attempts: 0,
      error: null,
    });
    expect(row?.eventTime?.toISOString()).toBe(new Date(1700000000 * 1000).toISOString());
    expect(row?.payload).toBe(xml);
    expect(woken).toHaveLength(1);
    expect(woken[0]).toMatchObject({
      event: 'change_external_contact',
      changeType: 'add_external_contact',
      status: 'queued',
      inserted: true,
    });
  });

  it('a forged signature is 401 and writes nothing', async () => {
    const before = await count();
    const res = await post(app, addContactXml('wmForged'), cfg, (q) => q.set('msg_signature', '0'.repeat(40)));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { id: 'wecom_callback_bad_signature' } });
    // A valid signature over different timestamp/nonce than the ones sent is forged too.
    const res2 = await post(app, addContactXml('wmForged'), cfg, (q) => q.set('nonce', '999'));
    expect(res2.status).toBe(401);
    expect(await count()).toBe(before);
  });

  it('a message encrypted for another corp is 403 and writes nothing', async () => {
    const before = await count();
    const res = await post(app, addContactXml('wmOtherCorp'), { ...cfg, receiveId: 'wwsomeoneelse000' });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { id: 'wecom_callback_wrong_corp' } });
    expect(await count()).toBe(before);
  });

  it('a garbage body, an envelope without Encrypt and non-XML plaintext are 400 and write nothing', async () => {
    const before = await count();
    const m = encryptMessage(cfg, 'x');
    const q = new URLSearchParams({ msg_signature: m.msgSignature, timestamp: m.timestamp, nonce: m.nonce });
    const garbage = await app.request(`/wecom/callback?${q}`, { method: 'POST', body: 'not xml at all <<<' });
    expect(garbage.status).toBe(400);
    expect(await garbage.json()).toMatchObject({ error: { id: 'wecom_callback_bad_body' } });
    const noEncrypt = await app.request(`/wecom/callback?${q}`, { method: 'POST', body: '<xml><ToUserName>x</ToUserName></xml>' });
    expect(noEncrypt.status).toBe(400);
    const notXml = await post(app, 'this is not xml');
    expect(notXml.status).toBe(400);
    expect(await notXml.json()).toMatchObject({ error: { id: 'wecom_callback_bad_event' } });
    const noQuery = await app.request('/wecom/callback', { method: 'POST', body: '<xml/>' });
    expect(noQuery.status).toBe(400);
    expect(await count()).toBe(before);
  });

  it('an unknown event type is acknowledged and kept as ignored with the reason', async () => {
    const xml = buildEventXml({
      ToUserName: SIMULATOR_CORP.corpId,
      FromUserName: 'sys',
      CreateTime: 1700000100,
      MsgType: 'event',
      Event: 'change_external_tag',
      Id: 'etX',
      TagType: 'tag',
      ChangeType: 'create',
    }).replace('change_external_tag', 'some_future_event');
    const res = await post(app, xml);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('success');
    const row = await app.deps.ds.getRepository(WecomEventEntity).findOneBy({ event: 'some_future_event' });
    expect(row).toMatchObject({ status: 'ignored' });
    expect(row?.error).toContain('some_future_event');
  });

  it('accepts messages produced by the official @wecom/crypto package (group update with members)', async () => {
    const xml =
      '<xml><ToUserName><![CDATA[' +
      SIMULATOR_CORP.corpId +
      ']]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>' +
      '<CreateTime>1403610513</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_chat]]></Event>' +
      '<ChatId><![CDATA[wrx7HUARsKwGRaQBVKPBTcEyzdHA4HrQ]]></ChatId><ChangeType><![CDATA[update]]></ChangeType>' +
      '<UpdateDetail><![CDATA[add_member]]></UpdateDetail><JoinScene>1</JoinScene><QuitScene>0</QuitScene><MemChangeCnt>2</MemChangeCnt>' +
      '<MemChangeList><Item>Jack</Item><Item>Rose</Item></MemChangeList>' +
      '<LastMemVer>9c3f97c2ada667dfb5f6d03308d963e1</LastMemVer><CurMemVer>71217227bbd112ecfe3a49c482195cb4</CurMemVer></xml>';
    const encrypted = wxEncrypt(SIMULATOR_CORP.callbackAesKey, xml, SIMULATOR_CORP.corpId);
    const timestamp = '1403610514';
    const nonce = '77881';
    const q = new URLSearchParams({
      msg_signature: wxSignature(SIMULATOR_CORP.callbackToken, timestamp, nonce, encrypted),
      timestamp,
      nonce,
    });
    const body = `<xml><ToUserName><![CDATA[${SIMULATOR_CORP.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`;
    const res = await app.request(`/wecom/callback?${q}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('success');
    const row = await app.deps.ds.getRepository(WecomEventEntity).findOneBy({ event: 'change_external_chat' });
    expect(row).toMatchObject({ status: 'queued', changeType: 'update', payload: xml });

    // And URL verification produced by @wecom/crypto.
    const echo = wxEncrypt(SIMULATOR_CORP.callbackAesKey, '1288432023552776189', SIMULATOR_CORP.corpId);
    const vq = new URLSearchParams({
      msg_signature: wxSignature(SIMULATOR_CORP.callbackToken, timestamp, nonce, echo),
      timestamp,
      nonce,
      echostr: echo,
    });
    const verify = await app.request(`/wecom/callback?${vq}`);
    expect(await verify.text()).toBe('1288432023552776189');
  });
});

describe('WeCom callback receiver in real mode', () => {
  it('uses the configured corp credentials and refuses with 503 when the callback token is missing', async () => {
    const app = await startTestApp({
      WECOM_CORP_ID: 'wwrealcorp000001',
      WECOM_SECRET: 's',
      WECOM_AGENT_ID: '1000005',
      SESSION_SECRET: 'x'.repeat(32),
    });
    try {
      const m = encryptMessage({ ...cfg, receiveId: 'wwrealcorp000001' }, '1');
      const q = new URLSearchParams({ msg_signature: m.msgSignature, timestamp: m.timestamp, nonce: m.nonce, echostr: m.encrypt });
      const res = await app.request(`/wecom/callback?${q}`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: { id: 'wecom_callback_not_configured' } });
    } finally {
      await app.stop();
    }
    const token = 'realToken123';
    const aesKey = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
    const app2 = await startTestApp({
      WECOM_CORP_ID: 'wwrealcorp000001',
      WECOM_SECRET: 's',
      WECOM_AGENT_ID: '1000005',
      SESSION_SECRET: 'x'.repeat(32),
      WECOM_CALLBACK_TOKEN: token,
      WECOM_CALLBACK_AES_KEY: aesKey,
    });
    try {
      const real = { token, aesKey, receiveId: 'wwrealcorp000001' };
      const m = encryptMessage(real, '42');
      const q = new URLSearchParams({ msg_signature: m.msgSignature, timestamp: m.timestamp, nonce: m.nonce, echostr: m.encrypt });
      expect(await (await app2.request(`/wecom/callback?${q}`)).text()).toBe('42');
      // The simulator corp's credentials are not accepted by a real-corp server.
      const sim = encryptMessage(cfg, '42');
      const sq = new URLSearchParams({ msg_signature: sim.msgSignature, timestamp: sim.timestamp, nonce: sim.nonce, echostr: sim.encrypt });
      expect((await app2.request(`/wecom/callback?${sq}`)).status).toBe(401);
    } finally {
      await app2.stop();
    }
  });
});
