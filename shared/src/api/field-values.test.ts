import { describe, expect, it } from 'vitest';
import { checkFieldValue, monthDay } from './field-values.ts';

describe('profile field values', () => {
  it('reads a birthday from MM-DD or YYYY-MM-DD, keeping 02-29 and refusing days that do not exist', () => {
    expect(monthDay('03-08')).toBe('03-08');
    expect(monthDay('1990-03-08')).toBe('03-08');
    expect(monthDay('02-29')).toBe('02-29');
    expect(monthDay('1991-02-29')).toBeNull();
    expect(monthDay('02-30')).toBeNull();
    expect(monthDay('13-01')).toBeNull();
    expect(monthDay('3-8')).toBeNull();
  });

  it('normalises each type and says what is wrong in Chinese', () => {
    const rule = (type: 'text' | 'number' | 'date' | 'single' | 'multi', options: string[] = []) => ({ label: '肤质', type, options });
    expect(checkFieldValue(rule('text'), '  油皮 ')).toEqual({ ok: true, value: '油皮' });
    expect(checkFieldValue(rule('text'), '   ')).toEqual({ ok: true, value: null });
    expect(checkFieldValue(rule('number'), '12')).toEqual({ ok: false, message: '肤质应为数字' });
    expect(checkFieldValue(rule('date'), '2026-02-30')).toMatchObject({ ok: false });
    expect(checkFieldValue(rule('date'), '2026-02-28')).toEqual({ ok: true, value: '2026-02-28' });
    expect(checkFieldValue(rule('single', ['干', '油']), '中')).toEqual({ ok: false, message: '肤质只能选列出的选项' });
    expect(checkFieldValue(rule('multi', ['干', '油', '敏感']), ['敏感', '干', '干'])).toEqual({ ok: true, value: ['干', '敏感'] });
    expect(checkFieldValue(rule('multi', ['干']), [])).toEqual({ ok: true, value: null });
  });
});
