import type { DataSource } from 'typeorm';
import {
  GROUP_SEND_RECIPIENT_STATUSES,
  GROUP_SEND_STATUSES,
  type GroupSendDetail,
  type GroupSendRecipientStatus,
  type GroupSendSummary,
} from '@shared/api/group-send.ts';
import { fromDbTime, jsonStrings, marks, rowOr404, select } from '@server/db/sql.ts';
import { groupSendNotFound } from '@server/http/error-catalog.ts';

const DAY_MS = 86_400_000;
/** WeCom accepts ≤ 3 remind_groupmsg_send per send within 24 h. */
export const REMINDERS_PER_DAY = 3;
/** The detail lists this many recipients (the counts cover all). */
const ROWS_SHOWN = 2000;

interface SendRow {
  id: number;
  chat_type: string;
  content: string;
  attachments: string;
  status: string;
  created_at: unknown;
  creator: string;
  recipient_count: number;
  skipped_count: number;
  reminded_at: string;
  results_at: unknown;
}

const SEND_COLUMNS = `g.id, g.chat_type, g.content, g.attachments, g.status, g.created_at, s.name AS creator, g.recipient_count,
  g.skipped_count, g.reminded_at, g.results_at`;

/** ISO times of the reminders sent in the last 24 h. */
export function remindersIn24h(json: string, now: Date): string[] {
  return jsonStrings(json).filter((t) => Date.parse(t) > now.getTime() - DAY_MS);
}

function emptyCounts(): Record<GroupSendRecipientStatus, number> {
  return Object.fromEntries(GROUP_SEND_RECIPIENT_STATUSES.map((s) => [s, 0])) as Record<GroupSendRecipientStatus, number>;
}

const asStatus = (s: string): GroupSendRecipientStatus =>
  (GROUP_SEND_RECIPIENT_STATUSES as readonly string[]).includes(s) ? (s as GroupSendRecipientStatus) : 'pending';

function summaryOf(r: SendRow, counts: Record<GroupSendRecipientStatus, number>): GroupSendSummary {
  const status = (GROUP_SEND_STATUSES as readonly string[]).includes(r.status) ? (r.status as GroupSendSummary['status']) : 'sending';
  return {
    id: Number(r.id),
    chatType: r.chat_type === 'group' ? 'group' : 'single',
    content: r.content,
    attachments: (JSON.parse(r.attachments) as unknown[]).length,
    status,
    createdAt: (fromDbTime(r.created_at) ?? new Date(0)).toISOString(),
    createdBy: r.creator,
    recipients: Number(r.recipient_count),
    skipped: Number(r.skipped_count),
    counts,
  };
}

/** Sends created by these staff (undefined = everyone), newest first, with their outcome counts (two queries). */
export async function listGroupSends(ds: DataSource, creators: number[] | undefined): Promise<GroupSendSummary[]> {
  const where = creators ? `WHERE g.created_by IN (${marks(creators.length)})` : '';
  const sends = await select<SendRow>(
    ds,
    `SELECT ${SEND_COLUMNS} FROM group_send g JOIN staff s ON s.id = g.created_by ${where} ORDER BY g.created_at DESC, g.id DESC LIMIT 50`,
    creators ?? [],
  );
  if (sends.length === 0) return [];
  const ids = sends.map((r) => Number(r.id));
  const counts = await select<{ group_send_id: number; status: string; n: number }>(
    ds,
    `SELECT group_send_id, status, COUNT(*) AS n FROM group_send_recipient WHERE group_send_id IN (${marks(ids.length)}) GROUP BY group_send_id, status`,
    ids,
  );
  const bySend = new Map(ids.map((id) => [id, emptyCounts()]));
  for (const c of counts) {
    const entry = bySend.get(Number(c.group_send_id));
    if (entry) entry[asStatus(c.status)] += Number(c.n);
  }
  return sends.map((r) => summaryOf(r, bySend.get(Number(r.id)) ?? emptyCounts()));
}

/** One send with results per guide and per recipient. */
export async function loadGroupSendDetail(ds: DataSource, id: number, now: Date): Promise<GroupSendDetail> {
  const send = await rowOr404<SendRow>(
    ds,
    `SELECT ${SEND_COLUMNS} FROM group_send g JOIN staff s ON s.id = g.created_by WHERE g.id = ?`,
    [id],
    groupSendNotFound,
  );
  const [perGuide, messages, rows] = await Promise.all([
    select<{ staff_id: number; name: string; status: string; n: number }>(
      ds,
      `SELECT r.staff_id, s.name, r.status, COUNT(*) AS n FROM group_send_recipient r JOIN staff s ON s.id = r.staff_id
        WHERE r.group_send_id = ? GROUP BY r.staff_id, s.name, r.status ORDER BY s.name`,
      [id],
    ),
    select<{ staff_id: number; sent_at: unknown; msgid: string | null }>(
      ds,
      'SELECT staff_id, sent_at, msgid FROM group_send_message WHERE group_send_id = ?',
      [id],
    ),
    select<{
      name: string | null;
      customer_id: number | null;
      group_id: number | null;
      staff_name: string;
      status: string;
      sent_at: unknown;
    }>(
      ds,
      `SELECT COALESCE(c.name, gc.name) AS name, r.customer_id, r.group_id, s.name AS staff_name, r.status, r.sent_at
         FROM group_send_recipient r JOIN staff s ON s.id = r.staff_id
         LEFT JOIN customer c ON c.id = r.customer_id LEFT JOIN group_chat gc ON gc.id = r.group_id
        WHERE r.group_send_id = ? ORDER BY r.id LIMIT ${ROWS_SHOWN}`,
      [id],
    ),
  ]);
  const total = emptyCounts();
  const guides = new Map<number, GroupSendDetail['guides'][number]>();
  for (const g of perGuide) {
    const staffId = Number(g.staff_id);
    const entry = guides.get(staffId) ?? { staff: { id: staffId, name: g.name }, sent: false, sentAt: null, counts: emptyCounts() };
    entry.counts[asStatus(g.status)] += Number(g.n);
    total[asStatus(g.status)] += Number(g.n);
    guides.set(staffId, entry);
  }
  for (const m of messages) {
    const entry = guides.get(Number(m.staff_id));
    const sentAt = fromDbTime(m.sent_at);
    if (!entry || !sentAt) continue;
    entry.sent = true;
    if (!entry.sentAt || sentAt.toISOString() > entry.sentAt) entry.sentAt = sentAt.toISOString();
  }
  // A guide with several tasks has sent only when every task of theirs is sent.
  for (const m of messages) {
    const entry = guides.get(Number(m.staff_id));
    if (entry && m.msgid && !fromDbTime(m.sent_at)) entry.sent = false;
  }
  const summary = summaryOf(send, total);
  return {
    ...summary,
    resultsAt: fromDbTime(send.results_at)?.toISOString() ?? null,
    remindersLeft: summary.status === 'sending' ? Math.max(0, REMINDERS_PER_DAY - remindersIn24h(send.reminded_at, now).length) : 0,
    canCancel: summary.status === 'sending',
    guides: [...guides.values()],
    rows: rows.map((r) => ({
      name: r.name ?? '',
      customerId: r.customer_id === null ? null : Number(r.customer_id),
      groupId: r.group_id === null ? null : Number(r.group_id),
      staffName: r.staff_name,
      status: asStatus(r.status),
      sentAt: fromDbTime(r.sent_at)?.toISOString() ?? null,
    })),
  };
}
