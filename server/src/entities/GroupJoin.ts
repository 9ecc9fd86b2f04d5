import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** A customer who joined a group through a join code (attributed by the member's state). */
export interface GroupJoin {
  id: number;
  joinWayId: number;
  chatId: string;
  memberId: string;
  joinedAt: Date;
  createdAt: Date;
}

export const GroupJoinEntity = new EntitySchema<GroupJoin>({
  name: 'GroupJoin',
  tableName: 'group_join',
  columns: {
    id: col.id(),
    joinWayId: col.int(),
    chatId: col.str(64),
    memberId: col.str(64),
    joinedAt: col.date(),
    createdAt: col.createdAt(),
  },
  uniques: [{ columns: ['chatId', 'memberId'] }],
});
