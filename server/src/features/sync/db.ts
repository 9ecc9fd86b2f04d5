import { createHash } from 'node:crypto';
import type { EntityManager, EntitySchema, ObjectLiteral } from 'typeorm';
import { shanghaiDay } from '@shared/time.ts';
import type { InteractionSource, InteractionType } from '@shared/enums.ts';
import { InteractionEntity } from '@server/entities/Interaction.ts';

/**
 * Batched write helpers of the sync: multi-row upserts and insert-ignores,
 * split so one statement stays below the drivers' placeholder limits
 * (SQLite 32 766, MySQL 65 535).
 */
const MAX_PARAMS = 8000;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function rowsPerStatement(rows: readonly object[]): number {
  const cols = Math.max(1, Object.keys(rows[0] ?? {}).length);
  return Math.max(1, Math.floor(MAX_PARAMS / cols));
}

/**
 * One multi-row INSERT built directly (TypeORM's insert builder costs ~30 µs of
 * CPU per row, which made it the sync's bottleneck): values go through the
 * driver's own preparePersistentValue (dates, booleans, simple-json,
 * transformers), so rows are stored exactly as the ORM would store them.
 */
async function multiRowInsert<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntitySchema<T>,
  rows: Array<Partial<T>>,
  mode: { kind: 'ignore' } | { kind: 'upsert'; update: string[]; conflict: string[] },
): Promise<void> {
  const meta = manager.connection.getMetadata(entity);
  const driver = manager.connection.driver;
  const props = Object.keys(rows[0] ?? {});
  const cols = props.map((p) => {
    const c = meta.findColumnWithPropertyName(p);
    if (!c) throw new Error(`${meta.tableName} has no column for ${p}`);
    return c;
  });
  const isMysql = manager.connection.options.type === 'mysql' || manager.connection.options.type === 'mariadb';
  const esc = (n: string) => driver.escape(n);
  const head = `INSERT ${mode.kind === 'ignore' ? (isMysql ? 'IGNORE ' : 'OR IGNORE ') : ''}INTO ${esc(meta.tableName)} (${cols.map((c) => esc(c.databaseName)).join(', ')}) VALUES `;
  let tail = '';
  if (mode.kind === 'upsert') {
    tail = isMysql
      ? ` ON DUPLICATE KEY UPDATE ${mode.update.map((c) => `${esc(c)} = VALUES(${esc(c)})`).join(', ')}`
      : ` ON CONFLICT (${mode.conflict.map(esc).join(', ')}) DO UPDATE SET ${mode.update.map((c) => `${esc(c)} = excluded.${esc(c)}`).join(', ')}`;
  }
  const tuple = `(${cols.map(() => '?').join(', ')})`;
  for (const part of chunk(rows, rowsPerStatement(rows))) {
    const params: unknown[] = [];
    for (const row of part) {
      for (let i = 0; i < cols.length; i++) {
        const v: unknown = row[props[i]! as keyof T];
        params.push(v === undefined || v === null ? null : driver.preparePersistentValue(v, cols[i]!));
      }
    }
    await manager.query(head + part.map(() => tuple).join(', ') + tail, params);
  }
}

/** INSERT … ON CONFLICT/DUPLICATE KEY UPDATE `updateColumns` (SQL column names) for many rows (all rows with the same keys). */
export async function upsertRows<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntitySchema<T>,
  rows: Array<Partial<T>>,
  updateColumns: string[],
  conflictColumns: string[],
): Promise<number> {
  if (rows.length === 0) return 0;
  await multiRowInsert(manager, entity, rows, { kind: 'upsert', update: updateColumns, conflict: conflictColumns });
  return rows.length;
}

/** INSERT IGNORE / INSERT OR IGNORE for many rows (rows violating a unique key are skipped). */
export async function insertIgnore<T extends ObjectLiteral>(manager: EntityManager, entity: EntitySchema<T>, rows: Array<Partial<T>>): Promise<number> {
  if (rows.length === 0) return 0;
  await multiRowInsert(manager, entity, rows, { kind: 'ignore' });
  return rows.length;
}

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

/** A unix-seconds WeCom time as a Date. */
export function fromUnix(seconds: number): Date {
  return new Date(seconds * 1000);
}

/** Now truncated to whole seconds, so MySQL DATETIME and SQLite store the same value. */
export function nowSeconds(): Date {
  return new Date(Math.floor(Date.now() / 1000) * 1000);
}

/** Same instant (or both empty)? Dates from either driver compare by time. */
export function sameTime(a: Date | null | undefined, b: Date | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return new Date(a).getTime() === new Date(b).getTime();
}

/** '' and undefined from WeCom become NULL in the database. */
export function orNull(v: string | undefined | null): string | null {
  return v === undefined || v === null || v === '' ? null : v;
}

/**
 * A dedupe key from natural keys (WeCom ids, times), stable across databases
 * and id sequences; keys longer than the column keep a readable prefix and a hash.
 */
export function dedupeKey(...parts: Array<string | number>): string {
  const key = parts.join(':');
  if (key.length <= 128) return key;
  return `${String(parts[0])}:${createHash('sha256').update(key).digest('hex')}`.slice(0, 128);
}
