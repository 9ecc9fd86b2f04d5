/** Business days are Asia/Shanghai days (UTC+8, no DST): a row's `day` is its local date. */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** 'YYYY-MM-DD' of the instant in Asia/Shanghai. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The UTC instant at which the given Shanghai day begins. */
export function shanghaiDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
}

export const DAY_MS = 24 * 3600 * 1000;

/** The years a date the API accepts may name; anything else is a typo or a sentinel, never a real business date. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/**
 * What a date string must look like: `day` is YYYY-MM-DD; `datetime` is YYYY-MM-DD[T ]HH:MM[:SS[.fff]]
 * with an optional offset (none = UTC); `datetime_offset` requires the offset (Z or ±HH:MM).
 */
export type TimeForm = 'day' | 'datetime' | 'datetime_offset';

/** `format`: not the shape at all; `impossible`: no such calendar day or clock time; `year`: outside MIN_YEAR..MAX_YEAR. */
export type TimeProblem = 'format' | 'impossible' | 'year';
export type StrictTime = { ok: true; at: Date } | { ok: false; problem: TimeProblem };

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * The one strict reading of a date or datetime string. `Date.parse` rolls 2026-02-31 over to
 * March and takes year 9999, which MariaDB then refuses; here such input is an error instead.
 * A `day` comes back as its UTC midnight (callers decide which zone the day belongs to).
 */
export function parseStrictTime(text: string, form: TimeForm): StrictTime {
  const m = (form === 'day' ? DAY_RE : DATETIME_RE).exec(text);
  if (!m) return { ok: false, problem: 'format' };
  const zone = m[8];
  if (form === 'datetime_offset' && zone === undefined) return { ok: false, problem: 'format' };
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth =
    month >= 1 && month <= 12 ? new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeap(year) ? 1 : 0) : 0;
  if (day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return { ok: false, problem: 'impossible' };
  let offsetMin = 0;
  if (zone !== undefined && zone !== 'Z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(-2));
    // Real zones lie within ±14:00.
    if (om > 59 || oh * 60 + om > 14 * 60) return { ok: false, problem: 'impossible' };
    offsetMin = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, problem: 'year' };
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  return { ok: true, at: new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMin * 60_000) };
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
