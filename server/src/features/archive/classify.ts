import { shanghaiDay } from '@shared/time.ts';
import { isExternalId, messageText, type ArchiveRecord, type ChatMessage } from './message.ts';

/** Message types that are events about the chat, not something a person said. */
const NON_CONTENT = new Set(['revoke', 'agree', 'disagree']);

/** Ids the batch needs resolved to rows. */
export interface Lookups {
  staff: Map<string, number>;
  customers: Map<string, number>;
  groups: Map<string, number>;
}

/** One new message with everything derived from it, before any SQL. */
export interface ClassifiedMessage {
  record: ArchiveRecord;
  chat: ChatMessage | null;
  at: Date;
  day: string;
  /** 1v1 guide↔customer chat: the member and the external contact, by id string. */
  staffUserid: string | null;
  externalUserid: string | null;
  direction: 'in' | 'out' | null;
  staffId: number | null;
  customerId: number | null;
  groupId: number | null;
  /** Spoken content (text, image, link…) as opposed to revoke/agree/disagree/switch. */
  isContent: boolean;
  /** Sent by a member (1v1 out, or a member's message in a group). */
  fromStaff: boolean;
  text: string | null;
}

/** Every id (member userids, external userids, roomids) mentioned by these records. */
export function mentionedIds(records: ArchiveRecord[]): { userids: Set<string>; externals: Set<string>; rooms: Set<string> } {
  const userids = new Set<string>();
  const externals = new Set<string>();
  const rooms = new Set<string>();
  for (const { message: m } of records) {
    if (m.action === 'switch' || m.action === 'unparsed') continue;
    for (const id of [m.from, ...m.tolist]) (isExternalId(id) ? externals : userids).add(id);
    if (m.roomid) rooms.add(m.roomid);
  }
  return { userids, externals, rooms };
}

/** Classifies a record: 1v1 or group, direction, the rows it refers to. */
export function classify(record: ArchiveRecord, lookups: Lookups): ClassifiedMessage {
  const m = record.message;
  if (m.action === 'unparsed') {
    const at = new Date();
    return {
      record,
      chat: null,
      at,
      day: shanghaiDay(at),
      staffUserid: null,
      externalUserid: null,
      direction: null,
      staffId: null,
      customerId: null,
      groupId: null,
      isContent: false,
      fromStaff: false,
      text: null,
    };
  }
  if (m.action === 'switch') {
    const at = new Date(m.time);
    return {
      record,
      chat: null,
      at,
      day: shanghaiDay(at),
      staffUserid: m.user,
      externalUserid: null,
      direction: null,
      staffId: lookups.staff.get(m.user) ?? null,
      customerId: null,
      groupId: null,
      isContent: false,
      fromStaff: false,
      text: null,
    };
  }
  const at = new Date(m.msgtime);
  let staffUserid: string | null = null;
  let externalUserid: string | null = null;
  let direction: 'in' | 'out' | null = null;
  const to = m.tolist[0];
  if (!m.roomid && m.tolist.length === 1 && to !== undefined) {
    if (isExternalId(m.from) && !isExternalId(to)) {
      externalUserid = m.from;
      staffUserid = to;
      direction = 'in';
    } else if (!isExternalId(m.from) && isExternalId(to)) {
      staffUserid = m.from;
      externalUserid = to;
      direction = 'out';
    }
  }
  const fromStaff = !isExternalId(m.from) && (direction === 'out' || Boolean(m.roomid));
  const senderCustomer = isExternalId(m.from) ? (lookups.customers.get(m.from) ?? null) : null;
  return {
    record,
    chat: m,
    at,
    day: shanghaiDay(at),
    staffUserid,
    externalUserid,
    direction,
    staffId: staffUserid
      ? (lookups.staff.get(staffUserid) ?? null)
      : m.roomid && !isExternalId(m.from)
        ? (lookups.staff.get(m.from) ?? null)
        : null,
    customerId: externalUserid ? (lookups.customers.get(externalUserid) ?? null) : m.roomid ? senderCustomer : null,
    groupId: m.roomid ? (lookups.groups.get(m.roomid) ?? null) : null,
    isContent: m.action === 'send' && !NON_CONTENT.has(m.msgtype),
    fromStaff,
    text: messageText(m),
  };
}
