/**
 * Plaintext callback events as WeCom sends them (wecom-api.md §9.4), built
 * here independently of the server's parser so the two check each other.
 * Strings go in CDATA, integers bare, lists as <Item> children.
 */

export type EventValue = string | number | string[];
/** Event-specific fields in wire order, e.g. [['ChangeType', 'add_external_contact'], ['UserID', 'zhangsan']]. */
export type EventFields = Array<[name: string, value: EventValue]>;

export interface SimEvent {
  /** change_external_contact | change_external_chat | change_external_tag | msgaudit_notify … */
  event: string;
  fields: EventFields;
}

/** CDATA cannot contain "]]>": split it across two sections, as XML writers do. */
function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

function element(name: string, value: EventValue): string {
  if (Array.isArray(value)) return `<${name}>${value.map((v) => `<Item>${cdata(v)}</Item>`).join('')}</${name}>`;
  if (typeof value === 'number') return `<${name}>${value}</${name}>`;
  return `<${name}>${cdata(value)}</${name}>`;
}

/** The decrypted event body: common header (ToUserName, FromUserName sys, CreateTime, MsgType event, Event) then the fields. */
export function eventXml(corpId: string, event: SimEvent, createTime: number): string {
  const parts = [
    element('ToUserName', corpId),
    element('FromUserName', 'sys'),
    element('CreateTime', createTime),
    element('MsgType', 'event'),
    element('Event', event.event),
    ...event.fields.map(([name, value]) => element(name, value)),
  ];
  return `<xml>${parts.join('')}</xml>`;
}

/** The encrypted envelope POSTed to the callback URL (§9.2). */
export function envelopeXml(corpId: string, encrypt: string, agentId: number | string): string {
  return `<xml><ToUserName>${cdata(corpId)}</ToUserName><Encrypt>${cdata(encrypt)}</Encrypt><AgentID>${cdata(String(agentId))}</AgentID></xml>`;
}
