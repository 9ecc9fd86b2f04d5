import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** A 跟进记录: a note, optionally with a reminder; done when acted on. */
export interface FollowUp {
  id: number;
  customerId: number;
  staffId: number;
  content: string;
  remindAt: Date | null;
  doneAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const FollowUpEntity = new EntitySchema<FollowUp>({
  name: 'FollowUp',
  tableName: 'follow_up',
  columns: {
    id: col.id(),
    customerId: col.int(),
    staffId: col.int(),
    content: col.text(),
    remindAt: col.date(true),
    doneAt: col.date(true),
    createdAt: col.createdAt(),
    updatedAt: col.updatedAt(),
  },
});
