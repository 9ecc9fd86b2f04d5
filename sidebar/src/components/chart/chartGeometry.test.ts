import { describe, expect, it } from 'vitest';
import { areaPath, indexAt, labelIndexes, linePath, niceTicks, runs } from './chartGeometry.ts';

/** The y coordinates a path passes through, control points included (every number after an x). */
const ys = (d: string) => (d.match(/-?\d+(\.\d+)?/g) ?? []).map(Number).filter((_, i) => i % 2 === 1);

describe('chart geometry', () => {
  it('ticks cover the data from zero in round steps', () => {
    expect(niceTicks([3, 17, 9]).values).toEqual([0, 5, 10, 15, 20]);
    expect(niceTicks([0.12, 0.31]).values).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(niceTicks([123_456]).values).toEqual([0, 50_000, 100_000, 150_000]);
    expect(niceTicks([-4, 6]).values).toEqual([-5, -2.5, 0, 2.5, 5, 7.5]);
  });

  it('counts get whole-number ticks, and an empty or all-zero series still gets an axis', () => {
    expect(niceTicks([1, 2], 4, true).values).toEqual([0, 1, 2]);
    expect(niceTicks([], 4, true).values).toEqual([0, 1, 2, 3, 4]);
    expect(niceTicks([0, 0, null]).values).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('prints as many day labels as fit, evenly, always the newest day', () => {
    expect(labelIndexes(30, 300, 44)).toEqual([1, 6, 11, 16, 21, 26].map((i) => i + 3));
    expect(labelIndexes(7, 600, 44)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(labelIndexes(90, 300, 44).pop()).toBe(89);
    expect(labelIndexes(0, 300, 44)).toEqual([]);
  });

  it('breaks the line at a missing value instead of drawing it as zero', () => {
    const p = (x: number) => ({ x, y: x });
    expect(runs([p(0), p(1), null, p(3), null, null, p(6)])).toEqual([[p(0), p(1)], [p(3)], [p(6)]]);
  });

  it('a smooth line never overshoots the data: a zero day stays on the axis', () => {
    const points = [0, 100, 100, 0, 0, 40].map((y, i) => ({ x: i * 10, y: 100 - y }));
    const d = linePath(points, true);
    expect(d.startsWith('M0,100C')).toBe(true);
    expect(Math.max(...ys(d))).toBeLessThanOrEqual(100);
    expect(Math.min(...ys(d))).toBeGreaterThanOrEqual(0);
    expect(linePath(points, false)).toBe('M0,100L10,0L20,0L30,100L40,100L50,60');
    expect(areaPath(points.slice(0, 2), false, 100)).toBe('M0,100L10,0L10,100L0,100Z');
  });

  it('picks the day nearest the pointer, clamped to the plot', () => {
    expect(indexAt(44, 40, 10, 7)).toBe(0);
    expect(indexAt(56, 40, 10, 7)).toBe(2);
    expect(indexAt(-20, 40, 10, 7)).toBe(0);
    expect(indexAt(900, 40, 10, 7)).toBe(6);
  });
});
