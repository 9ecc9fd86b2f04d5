import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** One of our own tags for customer group chats (name unique, CSS hex color). */
export interface GroupTag {
  id: number;
  name: string;
  color: string;
  createdAt: Date;
}

export const GroupTagEntity = new EntitySchema<GroupTag>({
  name: 'GroupTag',
  tableName: 'group_tag',
  columns: {
    id: col.id(),
    name: col.str(32),
    color: { type: 'varchar', length: 16, default: '#1989fa' },
    createdAt: col.createdAt(),
  },
});
