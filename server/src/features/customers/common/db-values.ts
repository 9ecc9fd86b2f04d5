import { invalidCursor } from '@server/http/error-catalog.ts';

/**
 * Small helpers for portable raw SQL (MariaDB via mysql2 and SQLite via
 * better-sqlite3): datetime values come back as Date (mysql2, timezone Z) or as
 * 'YYYY-MM-DD HH:MM:SS[.sss]' UTC strings (SQLite); booleans as 0/1.
 */

/** A datetime read from a raw query as a Date (null stays null). */
export function toDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  if (typeof v === 'number') return new Date(v);
  if (typeof v === 'string') {
    const iso = v.includes('T') ? v : `${v.replace(' ', 'T')}`;
    const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

/** A datetime read from a raw query as an ISO string. */
export function toIso(v: unknown): string | null {
  return toDate(v)?.toISOString() ?? null;
}

/** Like toIso but for NOT NULL columns. */
export function isoOf(v: unknown): string {
  return toIso(v) ?? new Date(0).toISOString();
}

/** A Date as a raw-SQL parameter both drivers compare correctly with stored UTC datetimes. */
export function dbTime(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * The stored form of a datetime value, to put in a keyset cursor: SQLite compares
 * strings, so the exact stored text is kept; MySQL values are formatted.
 */
export function dbTimeKey(v: unknown): string {
  if (typeof v === 'string') return v;
  const d = toDate(v);
  return d ? dbTime(d) : '';
}

/** `?,?,?` for an IN list (callers guarantee n > 0). */
export function marks(n: number): string {
  return Array.from({ length: n }, () => '?').join(',');
}

/** 0/1/true/false/'1' → boolean. */
export function toBool(v: unknown): boolean {
  return v === true || v === 1 || v === '1';
}

/** A number column (mysql2 may hand back strings for SUM/COUNT/BIGINT). */
export function toNum(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v !== '') return Number(v);
  return 0;
}

/** A `LIKE ? ESCAPE '!'` pattern matching `q` anywhere ('!' escapes, portable on both databases). */
export function likeAnywhere(q: string): string {
  return `%${q.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** Parses a JSON text column (SQLite/MySQL simple-json) into an object; {} on anything else. */
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

/** Opaque keyset cursor: base64url of a JSON array of values. */
export function encodeCursor(values: Array<string | number>): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** Decodes a cursor made by encodeCursor with the expected arity; 400 invalid_cursor otherwise. */
export function decodeCursor(cursor: string, kinds: Array<'string' | 'number'>): Array<string | number> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === kinds.length && parsed.every((v, i) => typeof v === kinds[i])) {
      return parsed as Array<string | number>;
    }
  } catch {
    // fall through to the error below
  }
  throw invalidCursor();
}
