import type { DataSource } from 'typeorm';
import { dbTime, fromDbTime, likeAnywhere, marks, select } from '@server/db/sql.ts';
import { auditChatRead } from '@server/audit/audit.ts';
import type { ReplyStatsRow } from '@shared/api/archive.ts';
import { messageCursor, presentChatMessage, type TranscriptRow } from './archive.presenter.ts';

/** Message types that are chat content (agree/disagree/revoke events are not shown as messages). */
const HIDDEN = ['agree', 'disagree', 'revoke'];

/**
 * One page of the 1v1 transcript between a guide and a customer, newest first
 * (keyset on msgtime, id via idx_archive_message_pair), optionally filtered by text.
 */
export async function readTranscript(
  ds: DataSource,
  args: { customerId: number; staffId: number; q?: string; cursor?: string; limit: number },
) {
  const where = ['customer_id = ?', 'staff_id = ?', "action = 'send'", `msgtype NOT IN (${marks(HIDDEN.length)})`];
  const params: unknown[] = [args.customerId, args.staffId, ...HIDDEN];
  if (args.q) {
    where.push("text LIKE ? ESCAPE '!'");
    params.push(likeAnywhere(args.q));
  }
  if (args.cursor) {
    const [ms, id] = messageCursor.decode(args.cursor);
    const at = dbTime(ms);
    where.push('(msgtime < ? OR (msgtime = ? AND id < ?))');
    params.push(at, at, id);
  }
  params.push(args.limit + 1);
  const raw = await select<{
    id: number | string;
    msgid: string;
    direction: 'in' | 'out';
    msgtype: string;
    text: string | null;
    msgtime: unknown;
    revoked: number | boolean;
  }>(
    ds,
    `SELECT id, msgid, direction, msgtype, text, msgtime, revoked FROM archive_message
      WHERE ${where.join(' AND ')} ORDER BY msgtime DESC, id DESC LIMIT ?`,
    params,
  );
  const rows: TranscriptRow[] = raw.slice(0, args.limit).map((r) => ({
    id: Number(r.id),
    msgid: r.msgid,
    direction: r.direction,
    msgtype: r.msgtype,
    text: r.text,
    msgtime: fromDbTime(r.msgtime) ?? new Date(0),
    revoked: Boolean(r.revoked),
  }));
  const flags = new Map<string, string[]>();
  if (rows.length > 0) {
    const hits = await select<{ msgid: string; word: string }>(
      ds,
      `SELECT msgid, word FROM archive_flag WHERE msgid IN (${marks(rows.length)})`,
      rows.map((r) => r.msgid),
    );
    for (const h of hits) flags.set(h.msgid, [...(flags.get(h.msgid) ?? []), h.word]);
  }
  const last = rows[rows.length - 1];
  return {
    items: rows.map((r) => presentChatMessage(r, flags.get(r.msgid) ?? [])),
    nextCursor: raw.length > args.limit && last ? messageCursor.encode([last.msgtime.getTime(), last.id]) : null,
  };
}

/** Writes the audit row of a transcript read (who read whose chat, with what search). */
export async function auditTranscriptRead(
  ds: DataSource,
  entry: { actorUserid: string; customerId: number; staffId: number; q?: string; page: boolean; count: number; ip: string },
): Promise<void> {
  await auditChatRead(
    ds.manager,
    { userid: entry.actorUserid },
    entry.customerId,
    { staffId: entry.staffId, q: entry.q ?? '', nextPage: entry.page, count: entry.count },
    entry.ip,
  );
}

/**
 * First-reply metrics per guide per day from reply_turn (definitions in docs/archive.md):
 * chats = turns opened by the customer that day, replied = turns the guide answered
 * (whenever), unanswered = the rest, avg over replied turns.
 */
export async function replyStats(ds: DataSource, args: { from: string; to: string; staffIds?: number[] }): Promise<ReplyStatsRow[]> {
  const params: unknown[] = [args.from, args.to];
  let scope = '';
  if (args.staffIds) {
    if (args.staffIds.length === 0) return [];
    scope = ` AND staff_id IN (${marks(args.staffIds.length)})`;
    params.push(...args.staffIds);
  }
  const rows = await select<{
    staff_id: number;
    day: string;
    chats: number | string;
    replied: number | string;
    avg_seconds: number | string | null;
  }>(
    ds,
    `SELECT staff_id, day, COUNT(*) AS chats,
            SUM(CASE WHEN replied_at IS NULL THEN 0 ELSE 1 END) AS replied,
            AVG(reply_seconds) AS avg_seconds
       FROM reply_turn WHERE day >= ? AND day <= ?${scope}
      GROUP BY staff_id, day ORDER BY day, staff_id`,
    params,
  );
  return rows.map((r) => {
    const chats = Number(r.chats);
    const replied = Number(r.replied);
    return {
      staffId: Number(r.staff_id),
      day: r.day,
      chats,
      replied,
      unanswered: chats - replied,
      replyPercentage: chats > 0 ? Math.round((replied / chats) * 10_000) / 100 : null,
      avgFirstReplySeconds: r.avg_seconds === null ? null : Math.round(Number(r.avg_seconds)),
    };
  });
}
