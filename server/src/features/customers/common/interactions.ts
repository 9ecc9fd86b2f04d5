import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import type { InteractionType } from '@shared/enums.ts';
import { shanghaiDay } from '@shared/time.ts';
import { InteractionEntity, type Interaction } from '@server/entities/Interaction.ts';

/** One sidebar action on the timeline. */
export interface SidebarInteraction {
  customerId: number | null;
  staffId: number;
  groupId?: number | null;
  type: InteractionType;
  occurredAt: Date;
  payload: Record<string, unknown>;
}

/**
 * Appends sidebar actions to the interaction timeline in one INSERT (inside the
 * caller's transaction). Sidebar actions have no natural dedupe key: each call is one event.
 */
export async function recordInteractions(em: EntityManager, rows: SidebarInteraction[]): Promise<void> {
  if (rows.length === 0) return;
  const values: Array<Omit<Interaction, 'id' | 'createdAt'>> = rows.map((r) => ({
    customerId: r.customerId,
    staffId: r.staffId,
    groupId: r.groupId ?? null,
    type: r.type,
    occurredAt: r.occurredAt,
    day: shanghaiDay(r.occurredAt),
    source: 'sidebar' as const,
    dedupeKey: null,
    payload: r.payload,
  }));
  // TypeORM's deep-partial type cannot express Record<string, unknown> (simple-json); the rows are complete entities.
  await em.createQueryBuilder().insert().into(InteractionEntity).values(values as QueryDeepPartialEntity<Interaction>[]).execute();
}
