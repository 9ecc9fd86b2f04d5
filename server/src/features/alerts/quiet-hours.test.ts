import { describe, expect, it } from 'vitest';
import { quietUntil } from './quiet-hours.ts';

const at = (local: string) => new Date(`${local}+08:00`);

describe('quiet hours (Asia/Shanghai)', () => {
  it('wrap midnight: quiet from the start until the end the next morning', () => {
    expect(quietUntil(at('2026-11-11T20:59:00'), '21:00', '08:00')).toBeNull();
    expect(quietUntil(at('2026-11-11T21:00:00'), '21:00', '08:00')).toEqual(at('2026-11-12T08:00:00'));
    expect(quietUntil(at('2026-11-12T03:00:00'), '21:00', '08:00')).toEqual(at('2026-11-12T08:00:00'));
    expect(quietUntil(at('2026-11-12T08:00:00'), '21:00', '08:00')).toBeNull();
  });
  it('within a day, and none when start equals end', () => {
    expect(quietUntil(at('2026-11-11T12:30:00'), '12:00', '13:30')).toEqual(at('2026-11-11T13:30:00'));
    expect(quietUntil(at('2026-11-11T13:30:00'), '12:00', '13:30')).toBeNull();
    expect(quietUntil(at('2026-11-11T03:00:00'), '00:00', '00:00')).toBeNull();
  });
});
