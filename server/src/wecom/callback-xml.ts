import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { xmlShapeProblem } from './xml-guard.ts';

/**
 * The XML of WeCom callbacks (wecom-api.md §9.2, §9.4): the encrypted envelope
 * the POST body carries, and the event XML inside it. All XML values are
 * strings (CreateTime too), as in §13b. `MemChangeList` is normalised to a
 * string[] (XML gives one <Item> or several).
 */

/** Thrown when a body is not well-formed XML or lacks the required envelope/header fields. */
export class CallbackXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallbackXmlError';
  }
}

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  parseTagValue: false,
  trimValues: true,
  htmlEntities: false,
  isArray: (_name, jpath) => jpath === 'xml.MemChangeList.Item',
});

/** Parses `<xml>…</xml>` into its (string-valued) children; throws CallbackXmlError (and nothing else). */
export function parseXmlRoot(xml: string): Record<string, unknown> {
  const problem = xmlShapeProblem(xml);
  if (problem) throw new CallbackXmlError(`refused XML: ${problem}`);
  let doc: unknown;
  try {
    const valid = XMLValidator.validate(xml);
    if (valid !== true) throw new CallbackXmlError(`malformed XML: ${valid.err.msg}`);
    doc = parser.parse(xml);
  } catch (err) {
    // The parser's own limits throw plain Errors; they are bad input like any other.
    if (err instanceof CallbackXmlError) throw err;
    throw new CallbackXmlError(`malformed XML: ${err instanceof Error ? err.message : String(err)}`);
  }
  const root = z.object({ xml: z.record(z.string(), z.unknown()) }).safeParse(doc);
  if (!root.success) throw new CallbackXmlError('missing <xml> root element');
  return root.data.xml;
}

// ---------------------------------------------------------------- envelope (§9.2)

export const callbackEnvelopeSchema = z.object({
  /** corpid. */
  ToUserName: z.string().min(1),
  Encrypt: z.string().min(1),
  /** Receiving app; may be empty for system-app callbacks. */
  AgentID: z.string().optional(),
});
export type CallbackEnvelope = z.infer<typeof callbackEnvelopeSchema>;

/** Parses the POST body `<xml><ToUserName/><Encrypt/><AgentID/></xml>`. */
export function parseEnvelope(xml: string): CallbackEnvelope {
  const result = callbackEnvelopeSchema.safeParse(parseXmlRoot(xml));
  if (!result.success) throw new CallbackXmlError('envelope lacks ToUserName or Encrypt');
  return result.data;
}

const ENCRYPT_ELEMENT = /<Encrypt>\s*(?:<!\[CDATA\[([A-Za-z0-9+/]+={0,2})\]\]>|([A-Za-z0-9+/]+={0,2}))\s*<\/Encrypt>/;
const TO_USER_ELEMENT = /<ToUserName>\s*(?:<!\[CDATA\[([\w@.-]{1,128})\]\]>|([\w@.-]{1,128}))\s*<\/ToUserName>/;

/**
 * Takes Encrypt (and ToUserName, for the log) out of a POST body by a linear
 * scan, without parsing it: the body is unauthenticated until msg_signature
 * over Encrypt has been checked, so no parser may see it first. Encrypt must
 * be base64; null when there is none.
 */
export function scanEnvelope(body: string): { encrypt: string; toUserName: string | null } | null {
  const enc = ENCRYPT_ELEMENT.exec(body);
  const encrypt = enc?.[1] ?? enc?.[2];
  if (!encrypt) return null;
  const to = TO_USER_ELEMENT.exec(body);
  return { encrypt, toUserName: to?.[1] ?? to?.[2] ?? null };
}

/** Builds the POST body envelope (the simulator sends it). */
export function buildEnvelopeXml(env: { toUserName: string; encrypt: string; agentId?: string | number }): string {
  return buildXml({ ToUserName: env.toUserName, Encrypt: env.encrypt, AgentID: env.agentId === undefined ? '' : String(env.agentId) });
}

// ---------------------------------------------------------------- events (§9.4)

const digits = z.string().regex(/^\d+$/);

/** Header every self-built-app event carries. */
export const eventHeaderSchema = z.object({
  ToUserName: z.string(),
  FromUserName: z.string(),
  CreateTime: digits,
  MsgType: z.string(),
  Event: z.string().optional(),
  ChangeType: z.string().optional(),
});
export type EventHeader = z.infer<typeof eventHeaderSchema>;

const header = {
  ToUserName: z.string(),
  FromUserName: z.string(),
  CreateTime: digits,
  MsgType: z.literal('event'),
};

export const EXTERNAL_CONTACT_CHANGE_TYPES = [
  'add_external_contact',
  'edit_external_contact',
  'add_half_external_contact',
  'del_external_contact',
  'del_follow_user',
  'transfer_fail',
  'msg_audit_approved',
] as const;

/** change_external_contact: a member↔customer relation changed. */
export const changeExternalContactEventSchema = z.object({
  ...header,
  Event: z.literal('change_external_contact'),
  ChangeType: z.enum(EXTERNAL_CONTACT_CHANGE_TYPES),
  UserID: z.string().min(1),
  ExternalUserID: z.string().min(1),
  /** add_external_contact / add_half_external_contact: the contact-way state. */
  State: z.string().optional(),
  /** add_*: valid 20 s, single use; omitted when chatting already started. */
  WelcomeCode: z.string().optional(),
  /** del_external_contact: DELETE_BY_TRANSFER when removed by 在职继承. */
  Source: z.literal('DELETE_BY_TRANSFER').optional(),
  /** transfer_fail only. */
  FailReason: z.enum(['customer_refused', 'customer_limit_exceed']).optional(),
});
export type ChangeExternalContactEvent = z.infer<typeof changeExternalContactEventSchema>;

export const EXTERNAL_CHAT_UPDATE_DETAILS = ['add_member', 'del_member', 'change_owner', 'change_name', 'change_notice'] as const;

const memChangeList = z
  .union([z.literal(''), z.object({ Item: z.union([z.string(), z.array(z.string())]).optional() })])
  .transform((v): string[] => (typeof v === 'string' || v.Item === undefined ? [] : Array.isArray(v.Item) ? v.Item : [v.Item]));

/** change_external_chat: a customer group was created, changed or dismissed. */
export const changeExternalChatEventSchema = z.object({
  ...header,
  Event: z.literal('change_external_chat'),
  ChatId: z.string().min(1),
  ChangeType: z.enum(['create', 'update', 'dismiss']),
  UpdateDetail: z.enum(EXTERNAL_CHAT_UPDATE_DETAILS).optional(),
  /** add_member only: 0 invited (direct or link), 3 QR code; the official sample shows 1, so any int. */
  JoinScene: digits.optional(),
  /** del_member only: 0 left, 1 removed by owner/admin. */
  QuitScene: digits.optional(),
  MemChangeCnt: digits.optional(),
  /** userids of the changed members (normalised from <MemChangeList><Item>…). */
  MemChangeList: memChangeList.optional(),
  LastMemVer: z.string().optional(),
  CurMemVer: z.string().optional(),
});
export type ChangeExternalChatEvent = z.infer<typeof changeExternalChatEventSchema>;

/** change_external_tag: a corp tag or tag group was created/updated/deleted/reordered. */
export const changeExternalTagEventSchema = z.object({
  ...header,
  Event: z.literal('change_external_tag'),
  /** Tag or group id (shuffle: the group whose tags were reordered; may be empty). */
  Id: z.string(),
  TagType: z.enum(['tag', 'tag_group']).optional(),
  ChangeType: z.enum(['create', 'update', 'delete', 'shuffle']),
  StrategyId: z.string().optional(),
});
export type ChangeExternalTagEvent = z.infer<typeof changeExternalTagEventSchema>;

/** msgaudit_notify: new archived messages exist (≤1 per 15 s); carries no data. */
export const msgAuditNotifyEventSchema = z.object({
  ...header,
  Event: z.literal('msgaudit_notify'),
  AgentID: z.string().optional(),
});
export type MsgAuditNotifyEvent = z.infer<typeof msgAuditNotifyEventSchema>;

export type CallbackEvent = ChangeExternalContactEvent | ChangeExternalChatEvent | ChangeExternalTagEvent | MsgAuditNotifyEvent;
export type CallbackEventName = CallbackEvent['Event'];

const EVENT_SCHEMAS = {
  change_external_contact: changeExternalContactEventSchema,
  change_external_chat: changeExternalChatEventSchema,
  change_external_tag: changeExternalTagEventSchema,
  msgaudit_notify: msgAuditNotifyEventSchema,
} as const;

function isKnownEventName(name: string | undefined): name is CallbackEventName {
  return name !== undefined && Object.hasOwn(EVENT_SCHEMAS, name);
}

export type ParsedCallback =
  | { kind: 'event'; event: CallbackEvent; header: EventHeader; fields: Record<string, unknown>; dedupeKey: string }
  /** Well-formed XML we do not handle (other MsgType/Event, or a known event with unexpected fields). */
  | { kind: 'unknown'; reason: string; header: EventHeader; fields: Record<string, unknown>; dedupeKey: string };

/**
 * Parses decrypted event XML. Malformed XML or a missing header → CallbackXmlError;
 * anything well-formed but not one of our events → kind 'unknown' (stored as ignored).
 */
export function parseEventXml(xml: string): ParsedCallback {
  const fields = parseXmlRoot(xml);
  const head = eventHeaderSchema.safeParse(fields);
  if (!head.success) throw new CallbackXmlError('event lacks ToUserName, FromUserName, CreateTime or MsgType');
  const dedupeKey = eventDedupeKey(fields);
  const name = head.data.Event;
  if (head.data.MsgType !== 'event' || !isKnownEventName(name)) {
    return { kind: 'unknown', reason: `unhandled ${head.data.MsgType}/${name ?? '-'}`, header: head.data, fields, dedupeKey };
  }
  const parsed = EVENT_SCHEMAS[name].safeParse(fields);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return { kind: 'unknown', reason: `invalid ${name}: ${issues}`, header: head.data, fields, dedupeKey };
  }
  return { kind: 'event', event: parsed.data, header: head.data, fields, dedupeKey };
}

/**
 * Natural key of a delivery: sha256 of the event's fields in canonical order.
 * WeCom retries re-encrypt the same plaintext, so a retry maps to the same key
 * regardless of whitespace or element order.
 */
export function eventDedupeKey(fields: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

// ---------------------------------------------------------------- builder

export type XmlValue = string | number | readonly string[] | undefined;

/** Numeric elements are written bare (as in WeCom's samples); everything else as CDATA. */
const BARE = new Set(['CreateTime', 'JoinScene', 'QuitScene', 'MemChangeCnt', 'StrategyId', 'AgentID', 'TimeStamp']);

function cdata(v: string): string {
  return `<![CDATA[${v.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/**
 * Builds `<xml>…</xml>` from fields in insertion order; undefined fields are
 * omitted; arrays become `<Item>` children (MemChangeList).
 */
export function buildXml(fields: Record<string, XmlValue>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    if (typeof v === 'string' || typeof v === 'number') {
      const s = String(v);
      parts.push(`<${k}>${BARE.has(k) && /^\d+$/.test(s) ? s : cdata(s)}</${k}>`);
    } else {
      parts.push(`<${k}>${v.map((item) => `<Item>${cdata(item)}</Item>`).join('')}</${k}>`);
    }
  }
  return `<xml>${parts.join('')}</xml>`;
}

/** Free-text string fields may be given as numbers (CreateTime, JoinScene…); literal fields stay literal. */
type Loose<T> = { [K in keyof T]: NonNullable<T[K]> extends string ? (string extends NonNullable<T[K]> ? T[K] | number : T[K]) : T[K] };
/** What buildEventXml accepts: an event whose CreateTime (and other numeric strings) may be numbers. */
export type CallbackEventInput =
  Loose<ChangeExternalContactEvent> | Loose<ChangeExternalChatEvent> | Loose<ChangeExternalTagEvent> | Loose<MsgAuditNotifyEvent>;

/** Builds the plaintext event XML (header first), as WeCom encrypts it into the envelope. */
export function buildEventXml(event: CallbackEventInput): string {
  const { ToUserName, FromUserName, CreateTime, MsgType, Event, ...rest } = event;
  const fields: Record<string, XmlValue> = { ToUserName, FromUserName, CreateTime, MsgType, Event };
  for (const [k, v] of Object.entries(rest)) fields[k] = v;
  return buildXml(fields);
}
