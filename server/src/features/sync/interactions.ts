import type { EntityManager } from 'typeorm';
import { shanghaiDay } from '@shared/time.ts';
import type { InteractionSource, InteractionType } from '@shared/enums.ts';
import { insertIgnore } from '@server/db/sql.ts';
import { InteractionEntity } from '@server/entities/Interaction.ts';

export interface NewInteraction {
  customerId: number | null;
  staffId: number | null;
  groupId?: number | null;
  type: InteractionType;
  occurredAt: Date;
  source: InteractionSource;
  dedupeKey: string;
  payload: Record<string, unknown>;
}

/** Appends interactions; a dedupe key already present inserts nothing (repeat deliveries, resumed syncs). */
export async function addInteractions(manager: EntityManager, items: NewInteraction[]): Promise<number> {
  return insertIgnore(manager, InteractionEntity, items.map((i) => ({
    customerId: i.customerId,
    staffId: i.staffId,
    groupId: i.groupId ?? null,
    type: i.type,
    occurredAt: i.occurredAt,
    day: shanghaiDay(i.occurredAt),
    source: i.source,
    dedupeKey: i.dedupeKey.slice(0, 128),
    payload: i.payload,
  })));
}
