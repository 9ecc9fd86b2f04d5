import { describe, expect, it } from 'vitest';
import { aggregateOrders, type RfmOrder } from './aggregate.ts';
import { computeRfm, DAY_MS, lifecycleStage, nearestRankCutPoints, scoreAscending, scoreRecency } from './score.ts';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const ago = (days: number, extraMs = 0) => new Date(NOW - days * DAY_MS - extraMs);
const paid = (
  customerId: number,
  amount: number,
  daysAgo: number,
  refunded = 0,
  status = refunded > 0 ? 'partially_refunded' : 'paid',
): RfmOrder => ({ customerId, status, paidAmount: amount, refundedAmount: refunded, paidAt: ago(daysAgo) });

describe('RFM pure definition (hand-computed)', () => {
  it('nearest-rank percentiles take the value at position ceil(p/100 × N)', () => {
    expect(nearestRankCutPoints([1, 1, 1, 2, 5])).toEqual([1, 1, 1, 2]); // N=5: positions 1,2,3,4
    expect(nearestRankCutPoints([10, 20, 30, 40, 50, 60, 70, 80, 90, 100])).toEqual([20, 40, 60, 80]); // exact boundaries
    expect(nearestRankCutPoints([1, 2, 3])).toEqual([1, 2, 2, 3]); // ceil(.6)=1, ceil(1.2)=2, ceil(1.8)=2, ceil(2.4)=3
    expect(nearestRankCutPoints([])).toEqual([]);
  });

  it('scores count cut points strictly below (F, M) or strictly above (R): ties stay in the lower band', () => {
    expect(scoreAscending(1, [1, 1, 1, 2])).toBe(1);
    expect(scoreAscending(2, [1, 1, 1, 2])).toBe(4);
    expect(scoreAscending(5, [1, 1, 1, 2])).toBe(5);
    expect(scoreRecency(10, [5, 10, 40, 100])).toBe(3);
    expect(scoreRecency(5, [5, 10, 40, 100])).toBe(4);
    expect(scoreRecency(200, [5, 10, 40, 100])).toBe(1);
  });

  it('computes cut points, means and the eight segments plus prospect and lapsed for a small population', () => {
    const orders = [
      paid(1, 100, 10),
      paid(2, 200, 40),
      paid(3, 300, 100),
      paid(4, 150, 5),
      paid(4, 250, 30),
      ...[0, 1, 2, 3].map(() => paid(5, 150, 250)),
      paid(5, 400, 200),
      paid(7, 999, 400),
    ];
    const aggs = aggregateOrders(orders, [1, 2, 3, 4, 5, 6, 7], NOW, 365);
    const res = computeRfm(aggs, NOW);
    expect(res.cutPoints).toEqual({ r: [5, 10, 40, 100], f: [1, 1, 1, 2], m: [100, 200, 300, 400] });
    expect(res.means).toEqual({ r: 11 / 5, f: 12 / 5, m: 3 });
    const by = new Map(res.scores.map((s) => [s.customerId, s]));
    expect(by.get(1)).toMatchObject({ r: 3, f: 1, m: 1, recencyDays: 10, segment: 'new_low_value' });
    expect(by.get(2)).toMatchObject({ r: 2, f: 1, m: 2, segment: 'lost_low_value' });
    expect(by.get(3)).toMatchObject({ r: 1, f: 1, m: 3, segment: 'win_back_high_value' });
    expect(by.get(4)).toMatchObject({ r: 4, f: 4, m: 4, segment: 'champion' });
    expect(by.get(5)).toMatchObject({ r: 1, f: 5, m: 5, segment: 'at_risk_loyal' });
    expect(by.get(6)).toMatchObject({ r: null, f: null, m: null, segment: 'prospect' });
    expect(by.get(7)).toMatchObject({ r: null, segment: 'lapsed' });
    expect(res.scoredCount).toBe(5);
    expect(res.segmentCounts).toMatchObject({
      champion: 1,
      new_low_value: 1,
      lost_low_value: 1,
      win_back_high_value: 1,
      at_risk_loyal: 1,
      prospect: 1,
      lapsed: 1,
    });
  });

  it('one scored customer: every cut point is its own value, all scores 1, mean 1, so champion', () => {
    const res = computeRfm(aggregateOrders([paid(9, 500, 3), paid(9, 500, 8)], [9], NOW, 365), NOW);
    expect(res.cutPoints).toEqual({ r: [3, 3, 3, 3], f: [2, 2, 2, 2], m: [1000, 1000, 1000, 1000] });
    expect(res.scores[0]).toMatchObject({ r: 1, f: 1, m: 1, segment: 'champion' });
  });

  it('all equal values: everyone scores 1 and is ≥ the mean, so all are champions', () => {
    const res = computeRfm(
      aggregateOrders(
        [1, 2, 3].map((id) => paid(id, 500, 7)),
        [1, 2, 3],
        NOW,
        365,
      ),
      NOW,
    );
    expect(res.means).toEqual({ r: 1, f: 1, m: 1 });
    expect(res.scores.map((s) => s.segment)).toEqual(['champion', 'champion', 'champion']);
  });

  it('refunds net out of M; a fully refunded or cancelled order does not count at all', () => {
    const orders = [
      paid(1, 500, 2, 500, 'refunded'),
      paid(1, 500, 3, 500, 'partially_refunded'), // net 0
      paid(1, 800, 4, 0, 'cancelled'),
      paid(2, 300, 5),
      paid(2, 500, 6, 200), // 300 + 300
      paid(3, 700, 500, 700, 'refunded'), // old and refunded: not even lapsed
    ];
    const aggs = aggregateOrders(orders, [1, 2, 3], NOW, 365);
    expect(aggs).toEqual([
      { customerId: 1, frequency: 0, monetary: 0, lastPaidAt: null, hasOlderOrders: false },
      { customerId: 2, frequency: 2, monetary: 600, lastPaidAt: ago(5).getTime(), hasOlderOrders: false },
      { customerId: 3, frequency: 0, monetary: 0, lastPaidAt: null, hasOlderOrders: false },
    ]);
    expect(computeRfm(aggs, NOW).scores.map((s) => s.segment)).toEqual(['prospect', 'champion', 'prospect']);
  });

  it('orders outside the window (at or before now − W) make a customer lapsed, not scored; future orders are ignored', () => {
    const orders = [paid(1, 100, 30), paid(2, 100, 31), paid(3, 100, 29, 0), paid(4, 100, -1)];
    const aggs = aggregateOrders(orders, [1, 2, 3, 4], NOW, 30);
    expect(aggs.map((a) => [a.frequency, a.hasOlderOrders])).toEqual([
      [0, true],
      [0, true],
      [1, false],
      [0, false],
    ]);
    expect(computeRfm(aggs, NOW).scores.map((s) => s.segment)).toEqual(['lapsed', 'lapsed', 'champion', 'prospect']);
  });

  it('recency is whole elapsed days (23h ago is 0 days, 25h ago is 1 day)', () => {
    const aggs = aggregateOrders(
      [
        { customerId: 1, status: 'paid', paidAmount: 1, refundedAmount: 0, paidAt: new Date(NOW - 23 * 3600_000) },
        { customerId: 2, status: 'paid', paidAmount: 1, refundedAmount: 0, paidAt: new Date(NOW - 25 * 3600_000) },
      ],
      [1, 2],
      NOW,
      365,
    );
    expect(computeRfm(aggs, NOW).scores.map((s) => s.recencyDays)).toEqual([0, 1]);
  });

  it('fixed thresholds replace the percentile cut points; means still come from the scored customers', () => {
    const fixed = { r: [7, 30, 90, 180], f: [1, 2, 3, 5], m: [10000, 50000, 100000, 200000] } as const;
    const orders = [paid(1, 5000, 3), ...[0, 1, 2, 3, 4, 5].map(() => paid(2, 50000, 100))];
    const res = computeRfm(aggregateOrders(orders, [1, 2], NOW, 365), NOW, {
      r: [...fixed.r] as [number, number, number, number],
      f: [...fixed.f] as [number, number, number, number],
      m: [...fixed.m] as [number, number, number, number],
    });
    expect(res.mode).toBe('fixed');
    expect(res.cutPoints).toEqual({ r: [7, 30, 90, 180], f: [1, 2, 3, 5], m: [10000, 50000, 100000, 200000] });
    expect(res.scores[0]).toMatchObject({ r: 5, f: 1, m: 1, segment: 'new_low_value' });
    expect(res.scores[1]).toMatchObject({ r: 2, f: 5, m: 5, segment: 'at_risk_loyal' });
    expect(res.means).toEqual({ r: 3.5, f: 3, m: 3 });
  });

  it('lifecycle: aware, interested, purchased, loyal, and churn_risk after the silence period', () => {
    const none = { frequency: 0, hasOrders: false, lastPaidAt: null, lastInteractionAt: null };
    expect(lifecycleStage(none, NOW, 90)).toBe('aware');
    expect(lifecycleStage({ ...none, lastInteractionAt: ago(200).getTime() }, NOW, 90)).toBe('interested');
    expect(lifecycleStage({ frequency: 1, hasOrders: true, lastPaidAt: ago(10).getTime(), lastInteractionAt: null }, NOW, 90)).toBe(
      'purchased',
    );
    expect(lifecycleStage({ frequency: 2, hasOrders: true, lastPaidAt: ago(10).getTime(), lastInteractionAt: null }, NOW, 90)).toBe(
      'loyal',
    );
    expect(
      lifecycleStage({ frequency: 2, hasOrders: true, lastPaidAt: ago(91).getTime(), lastInteractionAt: ago(95).getTime() }, NOW, 90),
    ).toBe('churn_risk');
    // A recent chat keeps a past buyer out of churn risk.
    expect(
      lifecycleStage({ frequency: 0, hasOrders: true, lastPaidAt: ago(400).getTime(), lastInteractionAt: ago(3).getTime() }, NOW, 90),
    ).toBe('purchased');
  });
});
