import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** A group tag applied to a group chat. */
export interface GroupChatTag {
  groupId: number;
  groupTagId: number;
  createdAt: Date;
}

export const GroupChatTagEntity = new EntitySchema<GroupChatTag>({
  name: 'GroupChatTag',
  tableName: 'group_chat_tag',
  columns: {
    groupId: { type: 'int', primary: true },
    groupTagId: { type: 'int', primary: true },
    createdAt: col.createdAt(),
  },
});
