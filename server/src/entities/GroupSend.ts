import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** A 群发 a manager composed: content, the target filter it was resolved from, and its state. */
export interface GroupSend {
  id: number;
  chatType: 'single' | 'group';
  content: string;
  /** JSON array of WeCom attachments (≤ 9). */
  attachments: string;
  /** JSON of the target filter as composed. */
  target: string;
  createdBy: number;
  /** sending → sent (every guide sent) or cancelled; failed when WeCom refused every task. */
  status: string;
  recipientCount: number;
  /** Left out before sending: already sent a group message today (WeCom's receive limit). */
  skippedCount: number;
  /** JSON array of ISO times of remind_groupmsg_send calls (≤ 3 per 24 h). */
  remindedAt: string;
  cancelledAt: Date | null;
  resultsAt: Date | null;
  createdAt: Date;
}

export const GroupSendEntity = new EntitySchema<GroupSend>({
  name: 'GroupSend',
  tableName: 'group_send',
  columns: {
    id: col.id(),
    chatType: col.str(8),
    content: col.text(),
    attachments: col.text(),
    target: col.text(),
    createdBy: col.int(),
    status: col.str(16),
    recipientCount: { type: 'int', default: 0 },
    skippedCount: { type: 'int', default: 0 },
    remindedAt: col.text(),
    cancelledAt: col.date(true),
    resultsAt: col.date(true),
    createdAt: col.createdAt(),
  },
});
