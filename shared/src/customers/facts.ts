import { RFM_SEGMENT_LABELS, type RfmSegment } from '@shared/enums.ts';
import { DAY_MS, shanghaiDay, shanghaiDayStart } from '@shared/time.ts';

/**
 * The facts about one customer that the value card, the next actions and the script
 * recommendations all read (pure). Computed once per open of a customer, from raw times,
 * so "days since contact" is one figure everywhere.
 */
export const FACT_NAMES = [
  'hoursSinceAdded',
  'messagesOutSinceAdded',
  'segment',
  'lifecycleStage',
  'daysSinceLastContact',
  'paidOrderDaysAgo',
  'daysToBirthday',
  'daysSinceLastRefund',
  'daysSinceLastOrder',
  'daysSinceComplaint',
  'tagNames',
] as const;
export type FactName = (typeof FACT_NAMES)[number];
export type Scalar = number | string;
export type FactValue = Scalar | Scalar[] | null;

/** The rule-visible facts plus the words reasons are written with. */
export type Facts = Record<FactName, FactValue> & {
  /** What the guide sees as the name (remark, else WeChat name). */
  name: string;
  segmentLabel: string;
  /** '就在今天' / '还有 3 天' ('' without a birthday). */
  birthdayIn: string;
  /** '今天联系过' / '昨天联系过' / '已经 15 天没有联系' / '还没有联系过'. */
  lastContactText: string;
  /** '今天' / '昨天' / '3 天前' ('' without a refund). */
  refundWhen: string;
};

/** The raw inputs, as loaded from the database. */
export interface RawCustomerFacts {
  displayName: string;
  segment: string | null;
  lifecycleStage: string;
  /** 'MM-DD'. */
  birthday: string | null;
  addedAt: Date | null;
  /** Messages the guides sent since the customer was added (chat messages and scripts). */
  messagesOutSinceAdded: number;
  /** The last real contact: a message either way or a script sent (not a tag change or a remark edit). */
  lastContactAt: Date | null;
  lastOrderAt: Date | null;
  lastRefundAt: Date | null;
  lastComplaintAt: Date | null;
  /** Paid orders of the last month. */
  paidOrderAts: Date[];
  tagNames: string[];
}

/** Whole Asia/Shanghai calendar days from the day of `at` to the day of `now` (0 = same day, 1 = yesterday). */
export function calendarDaysSince(at: Date, now: Date): number {
  return Math.round((shanghaiDayStart(shanghaiDay(now)).getTime() - shanghaiDayStart(shanghaiDay(at)).getTime()) / DAY_MS);
}

/** Days from today (Asia/Shanghai) to the next 'MM-DD' birthday; 0 = today. */
export function daysToBirthday(birthday: string | null, now: Date): number | null {
  const m = birthday ? /^(\d{2})-(\d{2})$/.exec(birthday) : null;
  if (!m) return null;
  const today = shanghaiDay(now);
  const t = Date.parse(`${today}T00:00:00Z`);
  const year = Number(today.slice(0, 4));
  for (const y of [year, year + 1]) {
    const b = Date.UTC(y, Number(m[1]) - 1, Number(m[2]));
    if (b >= t) return Math.round((b - t) / 86_400_000);
  }
  return null;
}

/** '今天' / '昨天' / 'N 天前' for a whole number of days ago. */
export function daysAgoText(days: number): string {
  return days <= 0 ? '今天' : days === 1 ? '昨天' : `${days} 天前`;
}

/** The sentence a reason uses for the days since the last real contact. */
export function contactSentence(days: number | null): string {
  if (days === null) return '还没有联系过';
  return days <= 1 ? `${daysAgoText(days)}联系过` : `已经 ${days} 天没有联系`;
}

export function buildFacts(raw: RawCustomerFacts, now: Date): Facts {
  const days = (t: Date | null) => (t === null ? null : calendarDaysSince(t, now));
  const contactDays = days(raw.lastContactAt);
  const birthdayDays = daysToBirthday(raw.birthday, now);
  return {
    name: raw.displayName,
    segmentLabel: raw.segment && raw.segment in RFM_SEGMENT_LABELS ? RFM_SEGMENT_LABELS[raw.segment as RfmSegment] : '',
    birthdayIn: birthdayDays === null ? '' : birthdayDays === 0 ? '就在今天' : `还有 ${birthdayDays} 天`,
    lastContactText: contactSentence(contactDays),
    refundWhen: raw.lastRefundAt === null ? '' : daysAgoText(calendarDaysSince(raw.lastRefundAt, now)),
    hoursSinceAdded: raw.addedAt === null ? null : Math.floor((now.getTime() - raw.addedAt.getTime()) / 3_600_000),
    messagesOutSinceAdded: raw.addedAt === null ? null : raw.messagesOutSinceAdded,
    segment: raw.segment,
    lifecycleStage: raw.lifecycleStage,
    daysSinceLastContact: contactDays,
    paidOrderDaysAgo: raw.paidOrderAts.map((t) => calendarDaysSince(t, now)),
    daysToBirthday: birthdayDays,
    daysSinceLastRefund: days(raw.lastRefundAt),
    daysSinceLastOrder: days(raw.lastOrderAt),
    daysSinceComplaint: days(raw.lastComplaintAt),
    tagNames: raw.tagNames,
  };
}
