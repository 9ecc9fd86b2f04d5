import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import { ArchiveCheckpointEntity } from '@server/entities/ArchiveCheckpoint.ts';
import type { ArchiveConsent } from '@server/entities/ArchiveConsent.ts';
import type { ArchiveFlag } from '@server/entities/ArchiveFlag.ts';
import type { ArchiveMessage } from '@server/entities/ArchiveMessage.ts';
import { ReplyTurnEntity } from '@server/entities/ReplyTurn.ts';
import { recordInteractions, type NewInteraction } from '@server/features/timeline/index.ts';
import { classify, mentionedIds, type ClassifiedMessage, type Lookups } from './classify.ts';
import { ArchiveLeaseLostError } from './errors.ts';
import { CHECKPOINT } from './lease.ts';
import { agreePayloadSchema, disagreePayloadSchema, revokePayloadSchema, type ArchiveRecord } from './message.ts';
import { advanceTurns, type TurnRow } from './reply-turns.ts';
import { bulkInsert, caseUpdate, chunks, marks, select } from '@server/db/sql.ts';

export interface BatchResult {
  /** Highest seq of the batch (the new checkpoint). */
  lastSeq: number;
  inserted: number;
  duplicates: number;
  interactions: number;
  turnsOpened: number;
  turnsReplied: number;
  recalls: number;
  consents: number;
  flags: number;
}

export interface StoreOptions {
  /** The lease holder; the checkpoint only advances while this owner still holds the lease. */
  owner: string;
  leaseTtlMs: number;
  now?: Date;
  /** Test seam: runs inside the transaction just before commit (throw to simulate a crash). */
  beforeCommit?: () => void | Promise<void>;
}

const EXCERPT = 200;

async function selectIn<T>(em: EntityManager, sql: (m: string) => string, values: string[]): Promise<T[]> {
  const out: T[] = [];
  for (const part of chunks(values, 500)) {
    const rows = await select<T>(em, sql(marks(part.length)), part);
    out.push(...rows);
  }
  return out;
}

async function loadLookups(em: EntityManager, records: ArchiveRecord[]): Promise<Lookups> {
  const { userids, externals, rooms } = mentionedIds(records);
  for (const r of records) if (r.message.action === 'switch') userids.add(r.message.user);
  const staff = await selectIn<{ id: number; userid: string }>(em, (m) => `SELECT id, userid FROM staff WHERE userid IN (${m})`, [
    ...userids,
  ]);
  const customers = await selectIn<{ id: number; external_userid: string }>(
    em,
    (m) => `SELECT id, external_userid FROM customer WHERE external_userid IN (${m})`,
    [...externals],
  );
  const groups = await selectIn<{ id: number; chat_id: string }>(em, (m) => `SELECT id, chat_id FROM group_chat WHERE chat_id IN (${m})`, [
    ...rooms,
  ]);
  return {
    staff: new Map(staff.map((r) => [r.userid, Number(r.id)])),
    customers: new Map(customers.map((r) => [r.external_userid, Number(r.id)])),
    groups: new Map(groups.map((r) => [r.chat_id, Number(r.id)])),
  };
}

function messageRow(c: ClassifiedMessage): Omit<ArchiveMessage, 'id' | 'createdAt'> {
  const m = c.record.message;
  const pair = c.direction !== null;
  const common = {
    seq: c.record.seq,
    msgid: c.record.msgid,
    action: m.action,
    msgtime: c.at,
    text: c.text,
    content: { ...m },
    staffId: pair ? c.staffId : null,
    customerId: pair ? c.customerId : null,
    direction: c.direction,
    revoked: false,
    revokedAt: null,
  };
  if (m.action === 'unparsed') return { ...common, msgtype: null, sender: null, tolist: [], roomid: null };
  if (m.action === 'switch') return { ...common, msgtype: null, sender: m.user, tolist: [], roomid: null };
  return { ...common, msgtype: m.msgtype, sender: m.from, tolist: m.tolist, roomid: m.roomid || null };
}

function matchWords(text: string | null, words: string[]): string[] {
  if (!text || words.length === 0) return [];
  const lower = text.toLowerCase();
  return words.filter((w) => lower.includes(w.toLowerCase()));
}

function interactionRow(c: ClassifiedMessage, flags: string[]): NewInteraction | undefined {
  if (!c.isContent || !c.chat) return undefined;
  const payload = {
    msgid: c.record.msgid,
    msgtype: c.chat.msgtype,
    ...(c.text ? { text: c.text.slice(0, EXCERPT) } : {}),
    ...(flags.length > 0 ? { flags } : {}),
  };
  const common = { staffId: c.staffId, occurredAt: c.at, source: 'archive' as const, dedupeKey: c.record.msgid };
  if (c.direction !== null) {
    if (c.customerId === null) return undefined;
    return { ...common, customerId: c.customerId, groupId: null, type: c.direction === 'in' ? 'message_in' : 'message_out', payload };
  }
  if (!c.chat.roomid || (c.groupId === null && c.customerId === null)) return undefined;
  return {
    ...common,
    customerId: c.customerId,
    groupId: c.groupId,
    type: 'group_message',
    payload: { ...payload, roomid: c.chat.roomid, from: c.chat.from },
  };
}

function consentRow(c: ClassifiedMessage): Omit<ArchiveConsent, 'id' | 'updatedAt'> | undefined {
  const m = c.chat;
  if (!m || (m.msgtype !== 'agree' && m.msgtype !== 'disagree')) return undefined;
  const parsed = m.msgtype === 'agree' ? agreePayloadSchema.safeParse(m.agree) : disagreePayloadSchema.safeParse(m.disagree);
  if (!parsed.success) return undefined;
  const p = parsed.data;
  const ms = 'agree_time' in p ? p.agree_time : 'disagree_time' in p ? p.disagree_time : undefined;
  const staffUserid = m.roomid ? '' : (c.staffUserid ?? (m.from === p.userid ? (m.tolist[0] ?? '') : m.from));
  return {
    externalUserid: p.userid,
    staffUserid,
    roomid: m.roomid ?? '',
    status: m.msgtype === 'agree' ? 'agree' : 'disagree',
    changedAt: ms ? new Date(ms) : c.at,
    source: 'message',
  };
}

async function loadOpenTurns(em: EntityManager, messages: ClassifiedMessage[]): Promise<TurnRow[]> {
  const customerIds = [
    ...new Set(messages.flatMap((m) => (m.direction !== null && m.customerId !== null && m.staffId !== null ? [m.customerId] : []))),
  ];
  const out: TurnRow[] = [];
  for (const part of chunks(customerIds, 500)) {
    const rows = await em.getRepository(ReplyTurnEntity).find({ where: { customerId: In(part), repliedAt: IsNull() } });
    for (const { id: _id, ...row } of rows) out.push(row);
  }
  return out;
}

/**
 * Stores one batch in ONE transaction: new messages (a known msgid is skipped),
 * their interactions, recalls, consents, sensitive-word flags, reply turns, the
 * customers' last_interaction_at, and the checkpoint — which only advances while
 * `owner` holds the lease. A crash anywhere leaves all of it or none of it.
 */
export async function storeBatch(ds: DataSource, records: ArchiveRecord[], options: StoreOptions): Promise<BatchResult> {
  const now = options.now ?? new Date();
  const lastSeq = records.reduce((max, r) => Math.max(max, r.seq), 0);
  return ds.transaction(async (em) => {
    const unique = new Map<string, ArchiveRecord>();
    for (const r of records) if (!unique.has(r.msgid)) unique.set(r.msgid, r);
    const existing = new Set(
      (await selectIn<{ msgid: string }>(em, (m) => `SELECT msgid FROM archive_message WHERE msgid IN (${m})`, [...unique.keys()])).map(
        (r) => r.msgid,
      ),
    );
    const fresh = [...unique.values()].filter((r) => !existing.has(r.msgid));
    const result: BatchResult = {
      lastSeq,
      inserted: fresh.length,
      duplicates: records.length - fresh.length,
      interactions: 0,
      turnsOpened: 0,
      turnsReplied: 0,
      recalls: 0,
      consents: 0,
      flags: 0,
    };

    if (fresh.length > 0) {
      const lookups = await loadLookups(em, fresh);
      const classified = fresh.map((r) => classify(r, lookups));
      const wordRows = await select<{ word: string }>(em, 'SELECT word FROM sensitive_word');
      const words = wordRows.map((r) => r.word);

      await bulkInsert(
        em,
        'archive_message',
        [
          'seq',
          'msgid',
          'action',
          'msgtype',
          'sender',
          'tolist',
          'roomid',
          'msgtime',
          'staff_id',
          'customer_id',
          'direction',
          'text',
          'content',
          'revoked',
          'revoked_at',
        ],
        classified
          .map(messageRow)
          .map((r) => [
            r.seq,
            r.msgid,
            r.action,
            r.msgtype,
            r.sender,
            r.tolist,
            r.roomid,
            r.msgtime,
            r.staffId,
            r.customerId,
            r.direction,
            r.text,
            r.content,
            r.revoked,
            r.revokedAt,
          ]),
        { ignore: true, chunk: 250 },
      );

      const interactions: NewInteraction[] = [];
      const flags: Array<Omit<ArchiveFlag, 'id' | 'createdAt'>> = [];
      const lastSeen = new Map<number, Date>();
      const revokes = new Map<string, Date>();
      const consents = new Map<string, Omit<ArchiveConsent, 'id' | 'updatedAt'>>();
      for (const c of classified) {
        const hits = c.isContent && c.fromStaff ? matchWords(c.text, words) : [];
        for (const word of hits) {
          flags.push({
            msgid: c.record.msgid,
            word,
            staffId: c.staffId,
            customerId: c.customerId,
            roomid: c.chat?.roomid || null,
            msgtime: c.at,
            day: c.day,
            excerpt: (c.text ?? '').slice(0, EXCERPT),
          });
        }
        const row = interactionRow(c, hits);
        if (row) {
          interactions.push(row);
          if (row.customerId !== null) {
            const prev = lastSeen.get(row.customerId);
            if (!prev || prev < c.at) lastSeen.set(row.customerId, c.at);
          }
        }
        if (c.chat?.msgtype === 'revoke') {
          const p = revokePayloadSchema.safeParse(c.chat.revoke);
          if (p.success) revokes.set(p.data.pre_msgid, c.at);
        }
        const consent = consentRow(c);
        if (consent) consents.set(`${consent.externalUserid}|${consent.staffUserid}|${consent.roomid}`, consent);
      }

      await recordInteractions(em, interactions);
      result.interactions = interactions.length;

      if (flags.length > 0) {
        await bulkInsert(
          em,
          'archive_flag',
          ['msgid', 'word', 'staff_id', 'customer_id', 'roomid', 'msgtime', 'day', 'excerpt'],
          flags.map((f) => [f.msgid, f.word, f.staffId, f.customerId, f.roomid, f.msgtime, f.day, f.excerpt]),
          { ignore: true },
        );
        result.flags = flags.length;
      }

      if (revokes.size > 0) {
        // The recalled message may be in this batch or an earlier one; either way it is stored by now.
        for (const part of chunks([...revokes.keys()], 500)) {
          await em.query(`UPDATE archive_message SET revoked = 1 WHERE msgid IN (${marks(part.length)})`, part);
        }
        await caseUpdate(em, { table: 'archive_message', key: 'msgid', columns: ['revoked_at'], rows: [...revokes], chunk: 300 });
        result.recalls = revokes.size;
      }

      if (consents.size > 0) {
        await bulkInsert(
          em,
          'archive_consent',
          ['external_userid', 'staff_userid', 'roomid', 'status', 'changed_at', 'source'],
          [...consents.values()].map((c) => [c.externalUserid, c.staffUserid, c.roomid, c.status, c.changedAt, c.source]),
          { upsert: { conflict: ['external_userid', 'staff_userid', 'roomid'], update: ['status', 'changed_at', 'source'] } },
        );
        result.consents = consents.size;
      }

      const turns = advanceTurns(await loadOpenTurns(em, classified), classified);
      await bulkInsert(
        em,
        'reply_turn',
        ['staff_id', 'customer_id', 'opened_msgid', 'opened_at', 'day', 'message_count', 'replied_at', 'reply_seconds', 'reply_msgid'],
        turns.rows.map((t) => [
          t.staffId,
          t.customerId,
          t.openedMsgid,
          t.openedAt,
          t.day,
          t.messageCount,
          t.repliedAt,
          t.replySeconds,
          t.replyMsgid,
        ]),
        { upsert: { conflict: ['opened_msgid'], update: ['message_count', 'replied_at', 'reply_seconds', 'reply_msgid'] } },
      );
      result.turnsOpened = turns.opened;
      result.turnsReplied = turns.replied;

      if (lastSeen.size > 0)
        await caseUpdate(em, {
          table: 'customer',
          key: 'id',
          columns: ['last_interaction_at'],
          rows: [...lastSeen],
          chunk: 300,
          onlyIfLater: true,
        });
    }

    const advanced = await em
      .createQueryBuilder()
      .update(ArchiveCheckpointEntity)
      .set({
        seq: () => `CASE WHEN seq < ${Number(lastSeq)} THEN ${Number(lastSeq)} ELSE seq END`,
        messagesTotal: () => `messages_total + ${Number(fresh.length)}`,
        leaseUntil: new Date(now.getTime() + options.leaseTtlMs),
        lastPullAt: now,
        lastError: null,
      })
      .where('name = :name AND lease_owner = :owner', { name: CHECKPOINT, owner: options.owner })
      .execute();
    if (advanced.affected !== 1) throw new ArchiveLeaseLostError();
    await options.beforeCommit?.();
    return result;
  });
}
