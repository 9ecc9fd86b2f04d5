import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMoney, groupThousands } from './format.ts';

/** What zh-CN's Intl prints: the formatters these helpers replace on the first screen. */
const intlDate = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
const intlDateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const intlMoney = (fen: number) => `¥${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

describe('first-screen formatting without Intl', () => {
  it('prints Shanghai dates and times as zh-CN Intl does, across midnight, month and year ends', () => {
    const times = [
      '2026-12-31T15:59:59Z',
      '2026-12-31T16:00:00Z',
      '2027-02-28T16:30:00.000Z',
      '2024-02-29T00:00:00+08:00',
      '2026-06-30T23:59:00+08:00',
      '2000-01-01T00:00:00Z',
    ];
    // And a walk over two years in uneven steps, so every month and hour comes up.
    for (let ms = Date.UTC(2025, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 7 * 3600_000 + 13 * 60_000) times.push(new Date(ms).toISOString());
    for (const iso of times) {
      expect(formatDate(iso), iso).toBe(intlDate.format(new Date(iso)));
      expect(formatDateTime(iso), iso).toBe(intlDateTime.format(new Date(iso)));
    }
    expect(formatDate(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
  });

  it('prints money in fen as zh-CN Intl does', () => {
    for (const fen of [0, 5, 99, 100, 101, 12_345, 99_999, 100_000, 123_456_789, 100_000_000_000, -1, -12_345, -100_000_000])
      expect(formatMoney(fen), String(fen)).toBe(intlMoney(fen));
    expect(formatMoney(null)).toBe('—');
    expect(groupThousands(1_234_567)).toBe('1,234,567');
    expect(groupThousands(-999)).toBe('-999');
  });
});
