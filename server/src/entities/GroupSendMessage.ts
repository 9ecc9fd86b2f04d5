import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** One WeCom send task (add_msg_template) of a 群发: one guide, one rendered text. */
export interface GroupSendMessage {
  id: number;
  groupSendId: number;
  staffId: number;
  /** WeCom's msgid; null until created (or when WeCom refused it). */
  msgid: string | null;
  content: string;
  /** WeCom errcode or failure kind when the task could not be created. */
  error: string | null;
  /** When the guide confirmed the send in WeCom (get_groupmsg_task). */
  sentAt: Date | null;
}

export const GroupSendMessageEntity = new EntitySchema<GroupSendMessage>({
  name: 'GroupSendMessage',
  tableName: 'group_send_message',
  columns: {
    id: col.id(),
    groupSendId: col.int(),
    staffId: col.int(),
    msgid: col.str(64, true),
    content: col.text(),
    error: col.str(64, true),
    sentAt: col.date(true),
  },
});
