import type { ScheduleSpec } from './types.ts';

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** Parses 'HH:MM' (24 h); throws on anything else so a typo fails at registration. */
export function parseDailyAt(value: string): { hour: number; minute: number } {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!m) throw new Error(`dailyAt must be HH:MM, got ${value}`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** The next instant (after `now`) at which a 'HH:MM' Asia/Shanghai daily schedule fires. */
export function nextDailyRun(dailyAt: string, now = new Date()): Date {
  const { hour, minute } = parseDailyAt(dailyAt);
  const local = now.getTime() + SHANGHAI_OFFSET_MS;
  const dayStart = Math.floor(local / DAY_MS) * DAY_MS;
  let at = dayStart + (hour * 60 + minute) * 60_000;
  if (at <= local) at += DAY_MS;
  return new Date(at - SHANGHAI_OFFSET_MS);
}

/** The equivalent cron pattern (minute hour * * *) for BullMQ's job schedulers. */
export function cronOf(spec: ScheduleSpec): { every: number } | { pattern: string; tz: string } {
  if ('everyMs' in spec) {
    if (!Number.isInteger(spec.everyMs) || spec.everyMs < 10) throw new Error(`everyMs must be an integer ≥ 10, got ${spec.everyMs}`);
    return { every: spec.everyMs };
  }
  const { hour, minute } = parseDailyAt(spec.dailyAt);
  return { pattern: `${minute} ${hour} * * *`, tz: 'Asia/Shanghai' };
}
