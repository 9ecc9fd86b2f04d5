import { DataSource, type EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { InteractionSource } from '@shared/enums.ts';
import { interactionPayloadSchema, type InteractionPayloadEntry } from '@shared/timeline/payloads.ts';
import { shanghaiDay } from '@shared/time.ts';
import type { Interaction } from '@server/entities/Interaction.ts';
import { bulkInsert } from '@server/db/sql.ts';

/** One event for the timeline: its type with that type's payload, plus who, when and from where. */
export type NewInteraction = InteractionPayloadEntry & {
  customerId: number | null;
  staffId: number | null;
  groupId?: number | null;
  occurredAt: Date;
  source: InteractionSource;
  /**
   * Natural key of the event (msgid, order id…): a repeat delivery with the same key
   * inserts nothing. Null for actions that are new events each time (sidebar clicks).
   */
  dedupeKey: string | null;
};

/**
 * Rows per INSERT: at 9 placeholders a row, a statement stays far below SQLite's
 * 32 766 and MySQL's 65 535 parameters.
 */
export const ROWS_PER_STATEMENT = 500;

/** dedupe_key is VARCHAR(128). */
const DEDUPE_KEY_LENGTH = 128;

/** An item whose payload does not match its type's schema; nothing of the call was written. */
export class InteractionPayloadError extends Error {
  constructor(
    readonly index: number,
    readonly type: string,
    readonly issues: z.core.$ZodIssue[],
  ) {
    super(
      `interaction #${index} (${type}): payload does not match its schema: ${issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`,
    );
    this.name = 'InteractionPayloadError';
  }
}

/** A row as inserted: the entity's columns, the payload as the validated JSON object. */
type Row = Omit<Interaction, 'id' | 'createdAt'>;

function toRow(item: NewInteraction, index: number): Row {
  const parsed = interactionPayloadSchema.safeParse({ type: item.type, payload: item.payload });
  if (!parsed.success) throw new InteractionPayloadError(index, item.type, parsed.error.issues);
  return {
    customerId: item.customerId,
    staffId: item.staffId,
    groupId: item.groupId ?? null,
    type: parsed.data.type,
    occurredAt: item.occurredAt,
    day: shanghaiDay(item.occurredAt),
    source: item.source,
    dedupeKey: item.dedupeKey === null ? null : item.dedupeKey.slice(0, DEDUPE_KEY_LENGTH),
    payload: parsed.data.payload,
  };
}

/** Consecutive rows with the same dedupe handling, so the insert order is kept. */
function runs(rows: readonly Row[]): Array<{ keyed: boolean; rows: Row[] }> {
  const out: Array<{ keyed: boolean; rows: Row[] }> = [];
  for (const row of rows) {
    const keyed = row.dedupeKey !== null;
    const last = out[out.length - 1];
    if (last && last.keyed === keyed) last.rows.push(row);
    else out.push({ keyed, rows: [row] });
  }
  return out;
}

const COLUMNS = ['customer_id', 'staff_id', 'group_id', 'type', 'occurred_at', 'day', 'source', 'dedupe_key', 'payload'] as const;

async function insertRows(em: EntityManager, rows: readonly Row[]): Promise<void> {
  for (const run of runs(rows)) {
    const values = run.rows.map((r) => [r.customerId, r.staffId, r.groupId, r.type, r.occurredAt, r.day, r.source, r.dedupeKey, r.payload]);
    // Only keyed rows can collide (uq_interaction_dedupe); unkeyed ones keep plain INSERT errors.
    // The toolkit's positional INSERT: the timeline is the hottest write path, and TypeORM's
    // insert builder spends more time building the statement than the database running it.
    await bulkInsert(em, 'interaction', COLUMNS, values, { ignore: run.keyed, chunk: ROWS_PER_STATEMENT });
  }
}

/**
 * Appends interactions to the timeline: every payload is checked against its
 * type's schema first (a bad one refuses the whole call before anything is
 * written), then multi-row INSERTs of ROWS_PER_STATEMENT rows; a row whose dedupe
 * key is already stored is skipped. Pass the caller's transaction manager to
 * write with its other changes; given the DataSource, the call is its own transaction.
 */
export async function recordInteractions(db: DataSource | EntityManager, items: readonly NewInteraction[]): Promise<void> {
  if (items.length === 0) return;
  const rows = items.map(toRow);
  if (db instanceof DataSource) await db.transaction((em) => insertRows(em, rows));
  else await insertRows(db, rows);
}
