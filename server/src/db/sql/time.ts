/**
 * Datetimes in raw SQL. Both databases hold UTC: MySQL/MariaDB as DATETIME (mysql2 with
 * timezone 'Z'), SQLite as text, which it compares character by character. SQLite's text
 * comes in two forms: 'YYYY-MM-DD HH:MM:SS.mmm' from TypeORM, 'YYYY-MM-DD HH:MM:SS' from
 * column defaults (CURRENT_TIMESTAMP) and rows written by hand.
 */

/**
 * A Date as a raw-SQL value, the same string on both databases: UTC 'YYYY-MM-DD HH:MM:SS',
 * plus '.mmm' only when the instant has milliseconds. Text order is time order for both
 * stored forms, and a whole-second bound without '.000' keeps the half-open ranges used
 * everywhere (`>= start AND < end`) right for rows stored in either form. (The same instant
 * stored both ways is two different texts: keyset cursors therefore carry dbTimeKey.)
 * MySQL DATETIME takes it as is and keeps whole seconds.
 */
export function dbTime(d: Date | number): string;
export function dbTime(d: Date | number | null): string | null;
export function dbTime(d: Date | number | null): string | null {
  if (d === null) return null;
  return new Date(d)
    .toISOString()
    .replace('T', ' ')
    .replace('Z', '')
    .replace(/\.000$/, '');
}

/** A datetime read by raw SQL (a Date from mysql2, UTC text from SQLite) as a Date; null for NULL or garbage. */
export function fromDbTime(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  if (typeof v === 'number') return new Date(v);
  if (typeof v === 'string') {
    const iso = v.includes('T') ? v : v.replace(' ', 'T');
    const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

/**
 * A datetime as read, for a keyset cursor: SQLite compares text, so its exact stored text is
 * kept (whatever form the row was written in); MySQL Dates are formatted.
 */
export function dbTimeKey(v: unknown): string {
  if (typeof v === 'string') return v;
  const d = fromDbTime(v);
  return d ? dbTime(d) : '';
}

/** Now truncated to whole seconds, so MySQL DATETIME and SQLite store the same instant. */
export function nowSeconds(): Date {
  return new Date(Math.floor(Date.now() / 1000) * 1000);
}
