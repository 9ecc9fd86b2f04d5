import { describe, expect, it } from 'vitest';
import { parseStrictTime } from './time.ts';

const at = (text: string, form: Parameters<typeof parseStrictTime>[1] = 'datetime') => {
  const r = parseStrictTime(text, form);
  return r.ok ? r.at.toISOString() : r.problem;
};

describe('parseStrictTime', () => {
  it('reads datetimes with Z, ±HH:MM, ±HHMM or no offset (UTC), a space or T, optional seconds and fraction', () => {
    expect(at('2026-05-01T10:00:00+08:00')).toBe('2026-05-01T02:00:00.000Z');
    expect(at('2026-05-01 10:00:00-0330')).toBe('2026-05-01T13:30:00.000Z');
    expect(at('2026-05-01T10:00:00Z')).toBe('2026-05-01T10:00:00.000Z');
    expect(at('2026-05-01T10:00')).toBe('2026-05-01T10:00:00.000Z');
    expect(at('2026-05-01T10:00:59.123456Z')).toBe('2026-05-01T10:00:59.123Z');
    expect(at('2024-02-29T00:00:00Z')).toBe('2024-02-29T00:00:00.000Z');
    expect(at('2000-02-29T00:00:00Z')).toBe('2000-02-29T00:00:00.000Z');
  });

  it('rejects impossible calendar days and clock times instead of rolling them over', () => {
    for (const v of [
      '2026-02-31T10:00:00Z',
      '2026-02-29T10:00:00Z',
      '2100-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-00-10T00:00:00Z',
      '2026-05-00T00:00:00Z',
      '2026-05-01T24:00:00Z',
      '2026-05-01T10:60:00Z',
      '2026-05-01T10:00:60Z',
      '2026-05-01T10:00:00+15:00',
      '2026-05-01T10:00:00+08:60',
    ]) {
      expect(at(v), v).toBe('impossible');
    }
  });

  it('rejects years outside 2000–2100, including the 9999 sentinel that MariaDB cannot store once shifted to UTC', () => {
    expect(at('9999-12-31T23:59:59-10:00')).toBe('year');
    expect(at('1999-12-31T23:59:59Z')).toBe('year');
    expect(at('2101-01-01T00:00:00Z')).toBe('year');
    expect(at('2100-12-31T23:59:59Z')).toBe('2100-12-31T23:59:59.000Z');
    expect(at('2000-01-01T00:00:00Z')).toBe('2000-01-01T00:00:00.000Z');
  });

  it('rejects anything that is not the exact shape', () => {
    for (const v of [
      '',
      '2026-5-1T10:00:00Z',
      '2026-05-01',
      '20260501T100000Z',
      '2026-05-01T10:00:00 +08:00',
      'May 1 2026',
      '2026-05-01T10:00:00z',
      ' 2026-05-01T10:00:00Z',
      '2026-05-01T10:00:00.Z',
      '１２３４-05-01T10:00:00Z',
    ]) {
      expect(at(v), v).toBe('format');
    }
  });

  it('requires the offset for datetime_offset', () => {
    expect(at('2026-05-01T10:00:00', 'datetime_offset')).toBe('format');
    expect(at('2026-05-01T10:00:00+08:00', 'datetime_offset')).toBe('2026-05-01T02:00:00.000Z');
  });

  it('reads days as their UTC midnight, with the same calendar and year checks', () => {
    expect(at('2026-05-01', 'day')).toBe('2026-05-01T00:00:00.000Z');
    expect(at('2026-02-31', 'day')).toBe('impossible');
    expect(at('2026-02-30', 'day')).toBe('impossible');
    expect(at('9999-12-31', 'day')).toBe('year');
    expect(at('2026-05-01T00:00:00Z', 'day')).toBe('format');
  });
});
