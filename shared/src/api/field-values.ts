import type { FieldValue, ProfileFieldType } from './profile-fields.ts';

/** What a value is checked against: the field's type (month_day for 生日) and, for choices, its options. */
export interface FieldRule {
  label: string;
  type: ProfileFieldType | 'month_day';
  options: readonly string[];
  /** Longest text accepted (会员号 64, other text 200). */
  maxLength?: number;
}

export type FieldCheck = { ok: true; value: FieldValue } | { ok: false; message: string };

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function realDay(year: number | null, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > (DAYS_IN_MONTH[month - 1] ?? 0)) return false;
  if (year === null) return true;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return year >= 1900 && year <= 2100 && !(month === 2 && day === 29 && !leap);
}

/**
 * A birthday as the customer row keeps it, 'MM-DD' (02-29 allowed), from 'MM-DD' or 'YYYY-MM-DD'
 * (shops often send the full date); null when it is no real day.
 */
export function monthDay(text: string): string | null {
  const m = /^(?:(\d{4})-)?(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [year, month, day] = [m[1] === undefined ? null : Number(m[1]), Number(m[2]), Number(m[3])];
  return realDay(year, month, day) ? `${m[2]}-${m[3]}` : null;
}

const fail = (message: string): FieldCheck => ({ ok: false, message });

/**
 * Checks (and normalises) one value for its field; '' and [] clear it (null). Pure, so the
 * sidebar can say what is wrong before sending and the server says the same when it refuses.
 */
export function checkFieldValue(rule: FieldRule, value: unknown): FieldCheck {
  if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) return { ok: true, value: null };
  switch (rule.type) {
    case 'text': {
      if (typeof value !== 'string') return fail(`${rule.label}应为文字`);
      const text = value.trim();
      const max = rule.maxLength ?? 200;
      if (text.length > max) return fail(`${rule.label}最多 ${max} 个字`);
      return { ok: true, value: text === '' ? null : text };
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`${rule.label}应为数字`);
      if (Math.abs(value) > 1e9) return fail(`${rule.label}超出范围`);
      return { ok: true, value };
    case 'date': {
      const m = typeof value === 'string' ? DATE_RE.exec(value) : null;
      if (!m || !realDay(Number(m[1]), Number(m[2]), Number(m[3]))) return fail(`${rule.label}应为有效日期（如 2026-03-08）`);
      return { ok: true, value: m[0] };
    }
    case 'month_day': {
      const day = typeof value === 'string' ? monthDay(value) : null;
      return day ? { ok: true, value: day } : fail(`${rule.label}应为有效的月-日（如 03-08）`);
    }
    case 'single':
      if (typeof value !== 'string' || !rule.options.includes(value)) return fail(`${rule.label}只能选列出的选项`);
      return { ok: true, value };
    case 'multi': {
      if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) return fail(`${rule.label}应为选项列表`);
      const picked = [...new Set(value)];
      if (!picked.every((v) => rule.options.includes(v))) return fail(`${rule.label}只能选列出的选项`);
      // Kept in option order, so the same choice always reads the same.
      return { ok: true, value: rule.options.filter((o) => picked.includes(o)) };
    }
  }
}

/** Whether a field counts as filled for the completeness hint. */
export function hasValue(value: FieldValue): boolean {
  return value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
}
