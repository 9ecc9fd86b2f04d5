import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** A task an SOP rule created for a guide: contact this customer (or group) with the rule's script by due_at. */
export interface Task {
  id: number;
  ruleId: number;
  staffId: number;
  customerId: number | null;
  groupId: number | null;
  /** rule + target + period: a rule creates each task once however often it runs. */
  dedupeKey: string;
  dueAt: Date;
  /** open, done, dismissed. */
  status: string;
  doneAt: Date | null;
  /** chat (sendChatMessage in the open chat) or share (shareToExternalContact/Chat from the list). */
  doneVia: string | null;
  dismissReason: string | null;
  /** The text as sent (after the guide's corrections in the preview); null for dismissed or older tasks. */
  sentText: string | null;
  createdAt: Date;
}

export const TaskEntity = new EntitySchema<Task>({
  name: 'Task',
  tableName: 'task',
  columns: {
    id: col.id(),
    ruleId: col.int(),
    staffId: col.int(),
    customerId: col.int(true),
    groupId: col.int(true),
    dedupeKey: col.str(128),
    dueAt: col.date(),
    status: col.str(12),
    doneAt: col.date(true),
    doneVia: col.str(16, true),
    dismissReason: col.str(64, true),
    sentText: col.text(true),
    createdAt: col.createdAt(),
  },
});
