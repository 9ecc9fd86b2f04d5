/**
 * The holiday calendar (data): the days a {节日} greeting may go out, by Asia/Shanghai date.
 * Lunar holidays are listed per year. A script that uses {节日} is offered only on one of these days.
 */
export interface Holiday {
  /** 'YYYY-MM-DD' (Asia/Shanghai). */
  day: string;
  name: string;
}

export const HOLIDAYS: readonly Holiday[] = [
  { day: '2026-01-01', name: '元旦' },
  { day: '2026-02-14', name: '情人节' },
  { day: '2026-02-17', name: '春节' },
  { day: '2026-03-03', name: '元宵节' },
  { day: '2026-03-08', name: '妇女节' },
  { day: '2026-05-01', name: '劳动节' },
  { day: '2026-05-10', name: '母亲节' },
  { day: '2026-06-19', name: '端午节' },
  { day: '2026-08-19', name: '七夕' },
  { day: '2026-09-25', name: '中秋节' },
  { day: '2026-10-01', name: '国庆节' },
  { day: '2026-12-25', name: '圣诞节' },
  { day: '2027-01-01', name: '元旦' },
  { day: '2027-02-06', name: '春节' },
  { day: '2027-02-14', name: '情人节' },
  { day: '2027-02-20', name: '元宵节' },
  { day: '2027-03-08', name: '妇女节' },
  { day: '2027-05-01', name: '劳动节' },
  { day: '2027-05-09', name: '母亲节' },
  { day: '2027-06-09', name: '端午节' },
  { day: '2027-08-08', name: '七夕' },
  { day: '2027-09-15', name: '中秋节' },
  { day: '2027-10-01', name: '国庆节' },
  { day: '2027-12-25', name: '圣诞节' },
];

/** The holiday on a Shanghai day, or null. */
export function holidayOn(day: string, calendar: readonly Holiday[] = HOLIDAYS): string | null {
  return calendar.find((h) => h.day === day)?.name ?? null;
}
