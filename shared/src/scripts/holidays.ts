/**
 * The holiday calendar: the days a {节日} greeting may go out, by Asia/Shanghai date. Holidays on a
 * fixed date (元旦, 情人节, 妇女节, 劳动节, 国庆节, 圣诞节) and 母亲节 (the second Sunday of May) hold
 * every year by rule. The lunar ones (春节, 元宵节,
 * 端午节, 七夕, 中秋节) move and are listed per year below: add the coming year's dates as they are
 * published. A script that uses {节日} is offered only on one of these days.
 */
export interface Holiday {
  /** 'YYYY-MM-DD' (Asia/Shanghai). */
  day: string;
  name: string;
}

/** The lunar holidays, per year. */
export const HOLIDAYS: readonly Holiday[] = [
  { day: '2026-02-17', name: '春节' },
  { day: '2026-03-03', name: '元宵节' },
  { day: '2026-06-19', name: '端午节' },
  { day: '2026-08-19', name: '七夕' },
  { day: '2026-09-25', name: '中秋节' },
  { day: '2027-02-06', name: '春节' },
  { day: '2027-02-20', name: '元宵节' },
  { day: '2027-06-09', name: '端午节' },
  { day: '2027-08-08', name: '七夕' },
  { day: '2027-09-15', name: '中秋节' },
];

/** 'MM-DD' → name: the same date every year. */
const FIXED_DATES: Readonly<Record<string, string>> = {
  '01-01': '元旦',
  '02-14': '情人节',
  '03-08': '妇女节',
  '05-01': '劳动节',
  '10-01': '国庆节',
  '12-25': '圣诞节',
};

/** The n-th Sunday of a month: [month, n, name]. */
const NTH_SUNDAYS: ReadonlyArray<readonly [month: number, n: number, name: string]> = [[5, 2, '母亲节']];

/** The holiday a rule puts on this day, or null. */
function ruleHoliday(day: string): string | null {
  const fixed = FIXED_DATES[day.slice(5)];
  if (fixed) return fixed;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCDay() !== 0) return null;
  const nth = Math.ceil(d / 7);
  return NTH_SUNDAYS.find(([month, n]) => month === m && n === nth)?.[2] ?? null;
}

/** The holiday on a Shanghai day ('YYYY-MM-DD'), or null: the listed calendar first, then the yearly rules. */
export function holidayOn(day: string, calendar: readonly Holiday[] = HOLIDAYS): string | null {
  return calendar.find((h) => h.day === day)?.name ?? ruleHoliday(day);
}
