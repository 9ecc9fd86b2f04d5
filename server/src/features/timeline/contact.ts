import type { EntityManager } from 'typeorm';
import { dbTime } from '@server/db/sql.ts';

/**
 * A message went from the guide to the customer: "days since last contact" restarts. Never moves
 * the time backwards (a later contact may already be recorded).
 */
export async function markContacted(em: EntityManager, customerId: number, at: Date): Promise<void> {
  await em.query('UPDATE customer SET last_interaction_at = ? WHERE id = ? AND (last_interaction_at IS NULL OR last_interaction_at < ?)', [
    dbTime(at),
    customerId,
    dbTime(at),
  ]);
}
