import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** One customer (or customer group) of a 群发, with what happened to it. */
export interface GroupSendRecipient {
  id: number;
  groupSendId: number;
  messageId: number | null;
  staffId: number;
  customerId: number | null;
  groupId: number | null;
  /** GROUP_SEND_RECIPIENT_STATUSES in shared/src/api/group-send.ts. */
  status: string;
  /** Asia/Shanghai day the send was created (the receive limit is per day). */
  day: string;
  sentAt: Date | null;
}

export const GroupSendRecipientEntity = new EntitySchema<GroupSendRecipient>({
  name: 'GroupSendRecipient',
  tableName: 'group_send_recipient',
  columns: {
    id: col.id(),
    groupSendId: col.int(),
    messageId: col.int(true),
    staffId: col.int(),
    customerId: col.int(true),
    groupId: col.int(true),
    status: col.str(16),
    day: col.str(10),
    sentAt: col.date(true),
  },
});
