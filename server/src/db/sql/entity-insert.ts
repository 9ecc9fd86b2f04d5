import type { EntityManager, EntitySchema, ObjectLiteral } from 'typeorm';
import { chunks, rowsPerStatement } from './lists.ts';
import { insertSql, type InsertOptions } from './insert.ts';

/** Parameters per statement of the entity writes: far below both limits, and statements stay small. */
const ENTITY_MAX_PARAMS = 8000;

/**
 * Multi-row INSERT of entity rows (all with the same properties) built directly (TypeORM's
 * insert builder costs ~30 µs of CPU per row): values go through the driver's own
 * preparePersistentValue (dates, booleans, simple-json, transformers), so rows are stored
 * exactly as the ORM would store them.
 */
async function insertEntities<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntitySchema<T>,
  rows: ReadonlyArray<Partial<T>>,
  options: Omit<InsertOptions, 'chunk'>,
): Promise<void> {
  const meta = manager.connection.getMetadata(entity);
  const driver = manager.connection.driver;
  const props = Object.keys(rows[0] ?? {});
  const cols = props.map((p) => {
    const c = meta.findColumnWithPropertyName(p);
    if (!c) throw new Error(`${meta.tableName} has no column for ${p}`);
    return c;
  });
  const names = cols.map((c) => c.databaseName);
  for (const part of chunks(rows, rowsPerStatement(cols.length, ENTITY_MAX_PARAMS))) {
    const params: unknown[] = [];
    for (const row of part) {
      for (let i = 0; i < cols.length; i++) {
        const v: unknown = row[props[i]! as keyof T];
        params.push(v === undefined || v === null ? null : driver.preparePersistentValue(v, cols[i]!));
      }
    }
    await manager.query(insertSql(manager, meta.tableName, names, part.length, options), params);
  }
}

/** INSERT … ON CONFLICT/DUPLICATE KEY UPDATE `updateColumns` (SQL column names) for many entity rows; returns the row count. */
export async function upsertRows<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntitySchema<T>,
  rows: Array<Partial<T>>,
  updateColumns: string[],
  conflictColumns: string[],
): Promise<number> {
  if (rows.length === 0) return 0;
  await insertEntities(manager, entity, rows, { upsert: { update: updateColumns, conflict: conflictColumns } });
  return rows.length;
}

/** INSERT IGNORE / INSERT OR IGNORE for many entity rows (rows violating a unique key are skipped); returns the row count. */
export async function insertIgnore<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntitySchema<T>,
  rows: Array<Partial<T>>,
): Promise<number> {
  if (rows.length === 0) return 0;
  await insertEntities(manager, entity, rows, { ignore: true });
  return rows.length;
}
