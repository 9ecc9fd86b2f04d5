import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** A customer group chat (客户群). */
export interface GroupChat {
  id: number;
  chatId: string;
  name: string;
  ownerUserid: string;
  notice: string | null;
  /** WeCom status: 0 normal, 1 owner left, 2 handing over, 3 handed over. */
  status: number;
  createTime: Date;
  dismissedAt: Date | null;
  memberCount: number;
  customerCount: number;
  lastSeenSyncId: number | null;
  updatedAt: Date;
}

export const GroupChatEntity = new EntitySchema<GroupChat>({
  name: 'GroupChat',
  tableName: 'group_chat',
  columns: {
    id: col.id(),
    chatId: col.str(64),
    name: col.str(128),
    ownerUserid: col.str(64),
    notice: col.text(true),
    status: { type: 'int', default: 0 },
    createTime: col.date(),
    dismissedAt: col.date(true),
    memberCount: { type: 'int', default: 0 },
    customerCount: { type: 'int', default: 0 },
    lastSeenSyncId: col.int(true),
    updatedAt: col.updatedAt(),
  },
  uniques: [{ columns: ['chatId'] }],
});
