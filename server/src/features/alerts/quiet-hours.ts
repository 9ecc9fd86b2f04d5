import { DAY_MS } from '@shared/time.ts';

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When `now` falls in the quiet hours [start, end) (Asia/Shanghai 'HH:MM', wrapping midnight
 * when start > end; start = end means none), the instant they end; otherwise null.
 */
export function quietUntil(now: Date, start: string, end: string): Date | null {
  const s = minutesOf(start);
  const e = minutesOf(end);
  if (s === e) return null;
  const local = now.getTime() + SHANGHAI_OFFSET_MS;
  const dayStart = Math.floor(local / DAY_MS) * DAY_MS;
  const m = (local - dayStart) / 60_000;
  const endToday = dayStart + e * 60_000 - SHANGHAI_OFFSET_MS;
  if (s < e) return m >= s && m < e ? new Date(endToday) : null;
  if (m >= s) return new Date(endToday + DAY_MS);
  if (m < e) return new Date(endToday);
  return null;
}
