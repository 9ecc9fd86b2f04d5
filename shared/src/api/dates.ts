import { z } from 'zod';
import { MAX_YEAR, MIN_YEAR, parseStrictTime, type TimeForm } from '@shared/time.ts';
import { addOutOfRange } from './out-of-range.ts';

const SHAPES: Record<TimeForm, string> = {
  day: 'YYYY-MM-DD 格式的日期，例如 2026-05-01',
  datetime: 'ISO-8601 时间，例如 2026-05-01T10:00:00+08:00',
  datetime_offset: '带时区的 ISO-8601 时间，例如 2026-05-01T10:00:00+08:00',
};

/**
 * A date or datetime string the API accepts, read by parseStrictTime: malformed or impossible
 * (2026-02-31, 25:00) is invalid input; a year outside MIN_YEAR..MAX_YEAR is out of range.
 * The value stays the string the client sent.
 */
export function strictTime(label: string, form: TimeForm) {
  return z.string({ error: `${label}必须是 ${SHAPES[form]}` }).superRefine((v, ctx) => {
    const r = parseStrictTime(v, form);
    if (r.ok) return;
    if (r.problem === 'year') addOutOfRange(ctx, `${label}的年份必须在 ${MIN_YEAR}–${MAX_YEAR} 之间`);
    else if (r.problem === 'impossible') ctx.addIssue({ code: 'custom', message: `${label}不是真实存在的日期或时间：${v.slice(0, 40)}` });
    else ctx.addIssue({ code: 'custom', message: `${label}必须是 ${SHAPES[form]}` });
  });
}
