import type { ReplyTurn } from '@server/entities/ReplyTurn.ts';
import type { ClassifiedMessage } from './classify.ts';

export type TurnRow = Omit<ReplyTurn, 'id'>;

const pairKey = (staffId: number, customerId: number) => `${staffId}:${customerId}`;

/**
 * Advances the reply turns of 1v1 guide↔customer chats with new messages.
 *
 * A turn opens with a customer message when the pair has no open turn; further
 * customer messages before a reply (a burst) only count into it. The guide's
 * first message after that closes it: replied_at, reply_seconds. A guide message
 * with no open turn (the guide starts the chat) opens nothing. The turn's day is
 * the Shanghai day it opened, so a reply after midnight still counts for that day.
 *
 * `open` are the pairs' currently open turns from the database; returns the rows
 * to upsert (new and changed turns, keyed by opened_msgid).
 */
export function advanceTurns(open: TurnRow[], messages: ClassifiedMessage[]): { rows: TurnRow[]; opened: number; replied: number } {
  const current = new Map<string, TurnRow>();
  for (const t of open) current.set(pairKey(t.staffId, t.customerId), { ...t });
  const dirty = new Map<string, TurnRow>();
  let opened = 0;
  let replied = 0;
  const ordered = messages
    .filter((m) => m.isContent && m.direction !== null && m.staffId !== null && m.customerId !== null)
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.record.seq - b.record.seq);
  for (const m of ordered) {
    const { staffId, customerId } = m;
    if (staffId === null || customerId === null) continue;
    const key = pairKey(staffId, customerId);
    const turn = current.get(key);
    if (m.direction === 'in') {
      if (turn) {
        turn.messageCount += 1;
        dirty.set(turn.openedMsgid, turn);
      } else {
        const fresh: TurnRow = {
          staffId,
          customerId,
          openedMsgid: m.record.msgid,
          openedAt: m.at,
          day: m.day,
          messageCount: 1,
          repliedAt: null,
          replySeconds: null,
          replyMsgid: null,
        };
        current.set(key, fresh);
        dirty.set(fresh.openedMsgid, fresh);
        opened += 1;
      }
    } else if (turn) {
      turn.repliedAt = m.at;
      turn.replySeconds = Math.max(0, Math.round((m.at.getTime() - turn.openedAt.getTime()) / 1000));
      turn.replyMsgid = m.record.msgid;
      dirty.set(turn.openedMsgid, turn);
      current.delete(key);
      replied += 1;
    }
  }
  return { rows: [...dirty.values()], opened, replied };
}
