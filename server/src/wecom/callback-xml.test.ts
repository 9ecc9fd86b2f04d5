import { describe, expect, it } from 'vitest';
import {
  CallbackXmlError,
  buildEnvelopeXml,
  buildEventXml,
  eventDedupeKey,
  parseEnvelope,
  parseEventXml,
  parseXmlRoot,
} from './callback-xml.ts';

// Official samples from wecom-api.md §9.4.
const DEL_CONTACT = `<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1403610513</CreateTime>
<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event>
<ChangeType><![CDATA[del_external_contact]]></ChangeType><UserID><![CDATA[zhangsan]]></UserID>
<ExternalUserID><![CDATA[woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA]]></ExternalUserID><Source><![CDATA[DELETE_BY_TRANSFER]]></Source></xml>`;
const CHAT_UPDATE = `<xml><ToUserName><![CDATA[ww55ca070cb9b7eb22]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>
<CreateTime>1403610513</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_chat]]></Event>
<ChatId><![CDATA[wrx7HUARsKwGRaQBVKPBTcEyzdHA4HrQ]]></ChatId><ChangeType><![CDATA[update]]></ChangeType>
<UpdateDetail><![CDATA[add_member]]></UpdateDetail><JoinScene>1</JoinScene><QuitScene>0</QuitScene><MemChangeCnt>10</MemChangeCnt>
<MemChangeList><Item>Jack</Item><Item>Rose</Item></MemChangeList>
<LastMemVer>9c3f97c2ada667dfb5f6d03308d963e1</LastMemVer><CurMemVer>71217227bbd112ecfe3a49c482195cb4</CurMemVer></xml>`;
const TAG_CREATE = `<xml><ToUserName><![CDATA[CORPID]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1403610513</CreateTime>
<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_tag]]></Event><Id><![CDATA[TAG_ID]]></Id>
<TagType><![CDATA[tag]]></TagType><ChangeType><![CDATA[create]]></ChangeType><StrategyId>1</StrategyId></xml>`;
const MSGAUDIT = `<xml><ToUserName><![CDATA[CorpID]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1629101687</CreateTime>
<MsgType><![CDATA[event]]></MsgType><AgentID>2000004</AgentID><Event><![CDATA[msgaudit_notify]]></Event></xml>`;
const TEXT_MSG =
  '<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>ChenJiaShun</FromUserName><CreateTime>1476422779</CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>';

describe('callback XML', () => {
  it('parses the envelope (ToUserName, Encrypt, AgentID) from the official sample', () => {
    expect(
      parseEnvelope(
        '<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>\n<Encrypt><![CDATA[Kl7k+/=]]></Encrypt>\n<AgentID><![CDATA[1000002]]></AgentID></xml>',
      ),
    ).toEqual({ ToUserName: 'ww1436e0e65a779aee', Encrypt: 'Kl7k+/=', AgentID: '1000002' });
    expect(parseEnvelope(buildEnvelopeXml({ toUserName: 'ww1', encrypt: 'abc' }))).toEqual({
      ToUserName: 'ww1',
      Encrypt: 'abc',
      AgentID: '',
    });
  });

  it('rejects malformed XML, a missing root and an envelope without Encrypt', () => {
    expect(() => parseXmlRoot('garbage')).toThrow(CallbackXmlError);
    expect(() => parseXmlRoot('<xml><a></xml>')).toThrow(CallbackXmlError);
    expect(() => parseXmlRoot('<root>1</root>')).toThrow(CallbackXmlError);
    expect(() => parseEnvelope('<xml><ToUserName>x</ToUserName></xml>')).toThrow(CallbackXmlError);
    expect(() => parseEventXml('<xml><Event>x</Event></xml>')).toThrow(CallbackXmlError);
  });

  it('parses change_external_contact with its optional fields as strings', () => {
    const r = parseEventXml(DEL_CONTACT);
    expect(r.kind).toBe('event');
    expect(r.kind === 'event' && r.event).toMatchObject({
      Event: 'change_external_contact',
      ChangeType: 'del_external_contact',
      UserID: 'zhangsan',
      ExternalUserID: 'woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA',
      Source: 'DELETE_BY_TRANSFER',
      CreateTime: '1403610513',
    });
  });

  it('parses change_external_chat update with MemChangeList normalised to a list (one or many Items)', () => {
    const r = parseEventXml(CHAT_UPDATE);
    expect(r.kind === 'event' && r.event).toMatchObject({
      Event: 'change_external_chat',
      UpdateDetail: 'add_member',
      JoinScene: '1',
      MemChangeList: ['Jack', 'Rose'],
      CurMemVer: '71217227bbd112ecfe3a49c482195cb4',
    });
    const one = parseEventXml(CHAT_UPDATE.replace('<Item>Rose</Item>', ''));
    expect(one.kind === 'event' && one.event.Event === 'change_external_chat' && one.event.MemChangeList).toEqual(['Jack']);
  });

  it('parses change_external_tag and msgaudit_notify', () => {
    const tag = parseEventXml(TAG_CREATE);
    expect(tag.kind === 'event' && tag.event).toMatchObject({
      Event: 'change_external_tag',
      Id: 'TAG_ID',
      TagType: 'tag',
      ChangeType: 'create',
      StrategyId: '1',
    });
    const audit = parseEventXml(MSGAUDIT);
    expect(audit.kind === 'event' && audit.event).toMatchObject({ Event: 'msgaudit_notify', AgentID: '2000004' });
  });

  it('classifies a plain text message and an unknown ChangeType as unknown (not an error)', () => {
    expect(parseEventXml(TEXT_MSG)).toMatchObject({ kind: 'unknown', header: { MsgType: 'text' } });
    const odd = parseEventXml(DEL_CONTACT.replace('del_external_contact', 'something_new'));
    expect(odd).toMatchObject({ kind: 'unknown', header: { Event: 'change_external_contact', ChangeType: 'something_new' } });
  });

  it('builds event XML that parses back to the same event, with CDATA-escaping', () => {
    const xml = buildEventXml({
      ToUserName: 'wwdemo',
      FromUserName: 'sys',
      CreateTime: 1700000000,
      MsgType: 'event',
      Event: 'change_external_chat',
      ChatId: 'wr1',
      ChangeType: 'update',
      UpdateDetail: 'del_member',
      QuitScene: 1,
      MemChangeCnt: '2',
      MemChangeList: ['a]]>b', 'c'],
    });
    expect(
      xml.startsWith(
        '<xml><ToUserName><![CDATA[wwdemo]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1700000000</CreateTime>',
      ),
    ).toBe(true);
    const r = parseEventXml(xml);
    expect(r.kind === 'event' && r.event).toMatchObject({
      ChatId: 'wr1',
      QuitScene: '1',
      MemChangeList: ['a]]>b', 'c'],
      CreateTime: '1700000000',
    });
  });

  it('gives the same dedupe key to the same event regardless of formatting, and different keys to different events', () => {
    const a = parseEventXml(DEL_CONTACT);
    const b = parseEventXml(DEL_CONTACT.replaceAll('\n', '').replace('<![CDATA[zhangsan]]>', 'zhangsan'));
    expect(a.dedupeKey).toBe(b.dedupeKey);
    expect(a.dedupeKey).toMatch(/^[0-9a-f]{64}$/);
    expect(parseEventXml(DEL_CONTACT.replace('1403610513', '1403610514')).dedupeKey).not.toBe(a.dedupeKey);
    expect(eventDedupeKey({ b: '1', a: '2' })).toBe(eventDedupeKey({ a: '2', b: '1' }));
  });
});
