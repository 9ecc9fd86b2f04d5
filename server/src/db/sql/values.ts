import { dbTime } from './time.ts';

/** A numeric column or aggregate (mysql2 may hand back SUM/DECIMAL/BIGINT as strings); 0 for NULL. */
export function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v !== '') return Number(v);
  return 0;
}

/** 0/1/true/false/'1' → boolean. */
/** A text column as a string: '' for NULL; drivers may hand back numbers or Buffers for some columns. */
export function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return JSON.stringify(v);
}

export function toBool(v: unknown): boolean {
  return v === true || v === 1 || v === '1';
}

/** Parses a JSON text column (simple-json) into an object; {} on anything else. */
export function jsonObject(v: unknown): Record<string, unknown> {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  if (typeof v !== 'string' || v === '') return {};
  try {
    const parsed: unknown = JSON.parse(v);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Parses a JSON text column holding an array of strings. */
export function jsonStrings(v: unknown): string[] {
  let arr: unknown = v;
  if (typeof v === 'string') {
    try {
      arr = JSON.parse(v);
    } catch {
      return [];
    }
  }
  return Array.isArray(arr) ? arr.filter((x): x is string => typeof x === 'string') : [];
}

/** A `LIKE ? ESCAPE '!'` pattern matching `q` anywhere ('!' escapes, portable on both databases). */
export function likeAnywhere(q: string): string {
  return `%${q.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** A bound parameter both drivers take alike: better-sqlite3 accepts neither Dates nor booleans. */
export function dbParam(v: unknown): unknown {
  if (v instanceof Date) return dbTime(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

/** A value to store in a column: as dbParam, and objects/arrays as JSON text (simple-json). */
export function dbValue(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !(v instanceof Date)) return JSON.stringify(v);
  return dbParam(v);
}
