import { createHash } from 'node:crypto';

/** A unix-seconds WeCom time as a Date. */
export function fromUnix(seconds: number): Date {
  return new Date(seconds * 1000);
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
