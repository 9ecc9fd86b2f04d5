import { Table, TableIndex, type QueryRunner, type TableColumnOptions } from 'typeorm';

/**
 * Column builders for the portable schema builder. Types are limited to the
 * ones that mean the same on MySQL/MariaDB and SQLite.
 */
export const c = {
  id: (name = 'id'): TableColumnOptions => ({ name, type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' }),
  /** SQLite only auto-increments an INTEGER primary key, so bigint ids are bigint on MySQL only. */
  bigId: (qr: QueryRunner, name = 'id'): TableColumnOptions => ({
    name,
    type: qr.connection.options.type === 'sqlite' || qr.connection.options.type === 'better-sqlite3' ? 'integer' : 'bigint',
    isPrimary: true,
    isGenerated: true,
    generationStrategy: 'increment',
  }),
  int: (name: string, nullable = false, def?: number): TableColumnOptions => ({ name, type: 'int', isNullable: nullable, default: def }),
  bigint: (name: string, nullable = false, def?: number): TableColumnOptions => ({
    name,
    type: 'bigint',
    isNullable: nullable,
    default: def,
  }),
  str: (name: string, length: number, nullable = false, def?: string): TableColumnOptions => ({
    name,
    type: 'varchar',
    length: String(length),
    isNullable: nullable,
    default: def === undefined ? undefined : `'${def}'`,
  }),
  text: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable }),
  bool: (name: string): TableColumnOptions => ({ name, type: 'boolean', isNullable: false, default: false }),
  date: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', isNullable: nullable }),
  createdAt: (): TableColumnOptions => ({ name: 'created_at', type: 'datetime', isNullable: false, default: 'CURRENT_TIMESTAMP' }),
  updatedAt: (): TableColumnOptions => ({ name: 'updated_at', type: 'datetime', isNullable: false, default: 'CURRENT_TIMESTAMP' }),
};

export function index(name: string, columnNames: string[], isUnique = false): TableIndex {
  return new TableIndex({ name, columnNames, isUnique });
}

/** Creates a table with its indexes in one step (MySQL tables use utf8mb4 for Chinese and emoji). */
export async function createTable(qr: QueryRunner, name: string, columns: TableColumnOptions[], indices: TableIndex[] = []): Promise<void> {
  await qr.createTable(new Table({ name, columns, indices }), false, false, true);
}

/** On MySQL, makes the current database default to utf8mb4 so every new table stores Chinese and emoji. */
export async function ensureUtf8mb4(qr: QueryRunner): Promise<void> {
  if (qr.connection.options.type !== 'mysql' && qr.connection.options.type !== 'mariadb') return;
  const rows = (await qr.query('SELECT DATABASE() AS db')) as Array<{ db: string }>;
  const db = rows[0]?.db;
  if (db) await qr.query(`ALTER DATABASE \`${db.replace(/`/g, '')}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
}
