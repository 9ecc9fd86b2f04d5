import type { InteractionSource, InteractionType } from '@shared/enums.ts';
import { shanghaiDay } from '@shared/time.ts';
import { chunks, dbTime, isMysql, type Db } from '@server/db/sql.ts';

export interface NewInteraction {
  customerId: number;
  staffId: number | null;
  type: InteractionType;
  occurredAt: Date;
  source: InteractionSource;
  /** Natural key: a repeat of the same event inserts nothing. */
  dedupeKey: string;
  payload: Record<string, unknown>;
}

/** Multi-row INSERT IGNORE of timeline rows (dedupe_key is unique). */
export async function insertInteractions(db: Db, rows: readonly NewInteraction[]): Promise<void> {
  const verb = isMysql(db) ? 'INSERT IGNORE INTO' : 'INSERT OR IGNORE INTO';
  for (const part of chunks(rows, 500)) {
    await db.query(
      `${verb} interaction (customer_id, staff_id, group_id, type, occurred_at, day, source, dedupe_key, payload, created_at)
       VALUES ${part.map(() => '(?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      part.flatMap((r) => [
        r.customerId, r.staffId, r.type, dbTime(r.occurredAt), shanghaiDay(r.occurredAt), r.source, r.dedupeKey, JSON.stringify(r.payload), dbTime(new Date()),
      ]),
    );
  }
}
