import { describe, expect, it } from 'vitest';
import { csvCell } from './csv.ts';
import { csvHeader, csvValue } from './report-csv.ts';

const cell = (...args: Parameters<typeof csvValue>) => csvCell(csvValue(...args));

describe('report CSV values', () => {
  it('writes money in 元 with two decimals, durations in minutes and ratios in percent with one', () => {
    expect(cell('fen', 15000)).toBe('150.00');
    expect(cell('fen', 5)).toBe('0.05');
    expect(cell('fen', -250)).toBe('-2.50');
    expect(cell('seconds', 90)).toBe('1.5');
    expect(cell('minutes', 2.33)).toBe('2.3');
    expect(cell('ratio', 0.5)).toBe('50.0');
    expect(cell('percent', 48.25)).toBe('48.3');
    expect(cell('count', 7)).toBe('7');
    expect(cell('seconds', null)).toBe('');
  });

  it('writes instants as Asia/Shanghai local time to the minute, across midnight', () => {
    expect(cell('datetime', '2026-11-01T16:30:00.000Z')).toBe('2026-11-02 00:30');
    expect(cell('datetime', '2026-11-01T15:59:59.000Z')).toBe('2026-11-01 23:59');
  });

  it('names the unit in the header and still guards text cells', () => {
    expect(csvHeader({ label: '成交额', format: 'fen' })).toBe('成交额(元)');
    expect(csvHeader({ label: '话术', format: 'text' })).toBe('话术');
    expect(cell('text', '=1+1')).toBe("'=1+1");
  });
});
