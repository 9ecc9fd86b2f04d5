import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/**
 * A conversation turn opened by a customer message in a 1v1 chat, closed by the
 * guide's first reply (see docs/archive.md for the definitions).
 */
export interface ReplyTurn {
  id: number;
  staffId: number;
  customerId: number;
  openedMsgid: string;
  openedAt: Date;
  /** Asia/Shanghai day of openedAt. */
  day: string;
  /** Customer messages in the turn (a burst counts once as a turn). */
  messageCount: number;
  repliedAt: Date | null;
  replySeconds: number | null;
  replyMsgid: string | null;
}

export const ReplyTurnEntity = new EntitySchema<ReplyTurn>({
  name: 'ReplyTurn',
  tableName: 'reply_turn',
  columns: {
    id: col.id(),
    staffId: col.int(),
    customerId: col.int(),
    openedMsgid: col.str(128),
    openedAt: col.date(),
    day: col.str(10),
    messageCount: { type: 'int', default: 1 },
    repliedAt: col.date(true),
    replySeconds: col.int(true),
    replyMsgid: col.str(128, true),
  },
  uniques: [{ columns: ['openedMsgid'] }],
});
