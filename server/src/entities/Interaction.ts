import { EntitySchema } from 'typeorm';
import type { InteractionSource, InteractionType } from '@shared/enums.ts';
import { col } from '@server/db/columns.ts';

/** The append-only timeline of everything that touched a customer. */
export interface Interaction {
  id: number;
  customerId: number | null;
  staffId: number | null;
  groupId: number | null;
  type: InteractionType;
  occurredAt: Date;
  /** Asia/Shanghai date of occurredAt, for per-day reports. */
  day: string;
  source: InteractionSource;
  /** Natural key of the event that made this row (msgid, order id…): a repeat delivery inserts nothing. */
  dedupeKey: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
}

export const InteractionEntity = new EntitySchema<Interaction>({
  name: 'Interaction',
  tableName: 'interaction',
  columns: {
    id: col.bigId(),
    customerId: col.int(true),
    staffId: col.int(true),
    groupId: col.int(true),
    type: col.str(32),
    occurredAt: col.date(),
    day: col.str(10),
    source: col.str(16),
    dedupeKey: col.str(128, true),
    payload: col.json(),
    createdAt: col.createdAt(),
  },
});
