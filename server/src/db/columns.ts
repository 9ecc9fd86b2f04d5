import type { EntitySchemaColumnOptions, ValueTransformer } from 'typeorm';

/**
 * mysql2 hands BIGINT back as a string; our bigints (money in fen, row ids)
 * stay far below 2^53, so they are numbers in TypeScript.
 */
export const bigintNumber: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | number | null) => (v === null || v === undefined ? v : Number(v)),
};

/** Column option shorthands shared by the entity schemas (types match the migrations). */
export const col = {
  id: (): EntitySchemaColumnOptions => ({ type: 'int', primary: true, generated: 'increment' }),
  bigId: (): EntitySchemaColumnOptions => ({ type: 'bigint', primary: true, generated: 'increment', transformer: bigintNumber }),
  int: (nullable = false): EntitySchemaColumnOptions => ({ type: 'int', nullable }),
  bigint: (nullable = false): EntitySchemaColumnOptions => ({ type: 'bigint', nullable, transformer: bigintNumber }),
  str: (length: number, nullable = false): EntitySchemaColumnOptions => ({ type: 'varchar', length, nullable }),
  text: (nullable = false): EntitySchemaColumnOptions => ({ type: 'text', nullable }),
  json: (nullable = false): EntitySchemaColumnOptions => ({ type: 'simple-json', nullable }),
  bool: (): EntitySchemaColumnOptions => ({ type: 'boolean', default: false }),
  date: (nullable = false): EntitySchemaColumnOptions => ({ type: 'datetime', nullable }),
  createdAt: (): EntitySchemaColumnOptions => ({ type: 'datetime', createDate: true }),
  updatedAt: (): EntitySchemaColumnOptions => ({ type: 'datetime', updateDate: true }),
};
