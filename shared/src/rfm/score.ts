import type { LifecycleStage, RfmSegment } from '@shared/enums.ts';
import type { RfmThresholds } from './settings.ts';

/**
 * The one RFM definition (DESIGN.md "RFM"). Pure: no I/O, no clock (callers pass `now`).
 *
 * Counted order: status `paid` or `partially_refunded`, a paid_at, and a net amount
 * (paid − refunded) > 0. Fully refunded and cancelled orders never count.
 * Window: counted orders with paid_at in (now − W days, now].
 * R = whole days (floor of elapsed 24h periods) since the last counted order in the window;
 * F = counted orders in the window; M = sum of their net amounts (fen).
 */

export const PERCENTILES = [20, 40, 60, 80] as const;
export const DAY_MS = 24 * 3600 * 1000;

/** Per-customer aggregates over the window (what the SQL job's GROUP BY returns). */
export interface RfmAggregate {
  customerId: number;
  /** Counted orders in the window (0 = not scored). */
  frequency: number;
  /** Net paid fen in the window. */
  monetary: number;
  /** Epoch ms of the last counted order in the window; null when frequency is 0. */
  lastPaidAt: number | null;
  /** Has counted orders older than the window (prospect vs lapsed). */
  hasOlderOrders: boolean;
}

export interface CutPoints {
  r: number[];
  f: number[];
  m: number[];
}
export interface RfmMeans {
  r: number;
  f: number;
  m: number;
}

export interface RfmScore {
  customerId: number;
  r: number | null;
  f: number | null;
  m: number | null;
  /** Recency in days (null when not scored). */
  recencyDays: number | null;
  segment: RfmSegment;
}

export interface RfmResult {
  mode: 'percentiles' | 'fixed';
  cutPoints: CutPoints;
  /** Mean score over the scored customers (0 when nobody is scored). */
  means: RfmMeans;
  scoredCount: number;
  scores: RfmScore[];
  segmentCounts: Record<RfmSegment, number>;
}

/** Whole days from `lastPaidAt` to `now` (floor; 0 for an order earlier today). */
export function recencyDays(lastPaidAt: number, now: number): number {
  return Math.max(0, Math.floor((now - lastPaidAt) / DAY_MS));
}

/** Whether an order counts as a purchase for RFM and the customer metrics. */
export function isCountedOrder(o: { status: string; paidAmount: number; refundedAmount: number; paidAt: Date | number | null }): boolean {
  return (o.status === 'paid' || o.status === 'partially_refunded') && o.paidAt !== null && o.paidAmount - o.refundedAmount > 0;
}

/**
 * Nearest-rank percentiles: the value at 1-based position ceil(p/100 × N) of the ascending list.
 * `sorted` must be ascending; empty input gives no cut points.
 */
export function nearestRankCutPoints(sorted: ArrayLike<number>, percentiles: readonly number[] = PERCENTILES): number[] {
  const n = sorted.length;
  if (n === 0) return [];
  // ceil(p·N/100) in integer arithmetic (p and N are integers), so no float rounding at exact boundaries.
  return percentiles.map((p) => sorted[Math.max(1, Math.floor((p * n + 99) / 100)) - 1] as number);
}

/** F and M: 1 + number of cut points strictly below the value. */
export function scoreAscending(value: number, cuts: readonly number[]): number {
  let s = 1;
  for (const c of cuts) if (c < value) s++;
  return s;
}

/** R (days; fewer is better): 1 + number of cut points strictly above the value. */
export function scoreRecency(days: number, cuts: readonly number[]): number {
  let s = 1;
  for (const c of cuts) if (c > days) s++;
  return s;
}

const SEGMENT_BY_HML: Record<string, RfmSegment> = {
  HHH: 'champion',
  HLH: 'promising_high_value',
  LHH: 'at_risk_loyal',
  LLH: 'win_back_high_value',
  HHL: 'loyal_low_value',
  HLL: 'new_low_value',
  LHL: 'at_risk_low_value',
  LLL: 'lost_low_value',
};

/** The segment of scored customer: each score is "high" when ≥ the mean of that score. */
export function segmentOf(r: number, f: number, m: number, means: RfmMeans): RfmSegment {
  const key = `${r >= means.r ? 'H' : 'L'}${f >= means.f ? 'H' : 'L'}${m >= means.m ? 'H' : 'L'}`;
  return SEGMENT_BY_HML[key] as RfmSegment;
}

/** Scores one customer against given cut points and means (used by the incremental re-score too). */
export function scoreOne(agg: RfmAggregate, now: number, cuts: CutPoints, means: RfmMeans): RfmScore {
  if (agg.frequency <= 0 || agg.lastPaidAt === null) {
    return {
      customerId: agg.customerId,
      r: null,
      f: null,
      m: null,
      recencyDays: null,
      segment: agg.hasOlderOrders ? 'lapsed' : 'prospect',
    };
  }
  const days = recencyDays(agg.lastPaidAt, now);
  const r = scoreRecency(days, cuts.r);
  const f = scoreAscending(agg.frequency, cuts.f);
  const m = scoreAscending(agg.monetary, cuts.m);
  return { customerId: agg.customerId, r, f, m, recencyDays: days, segment: segmentOf(r, f, m, means) };
}

export function emptySegmentCounts(): Record<RfmSegment, number> {
  return {
    champion: 0,
    promising_high_value: 0,
    at_risk_loyal: 0,
    win_back_high_value: 0,
    loyal_low_value: 0,
    new_low_value: 0,
    at_risk_low_value: 0,
    lost_low_value: 0,
    prospect: 0,
    lapsed: 0,
  };
}

/** Cut points of the scored aggregates: percentiles, or the fixed thresholds when given. */
export function cutPointsOf(aggs: readonly RfmAggregate[], now: number, fixed: RfmThresholds | null): CutPoints {
  if (fixed) return { r: [...fixed.r], f: [...fixed.f], m: [...fixed.m] };
  const scored = aggs.filter((a) => a.frequency > 0 && a.lastPaidAt !== null);
  const rs = Float64Array.from(scored, (a) => recencyDays(a.lastPaidAt as number, now)).sort();
  const fs = Float64Array.from(scored, (a) => a.frequency).sort();
  const ms = Float64Array.from(scored, (a) => a.monetary).sort();
  return { r: nearestRankCutPoints(rs), f: nearestRankCutPoints(fs), m: nearestRankCutPoints(ms) };
}

/**
 * Full RFM over all customers' aggregates: cut points, scores, means, then segments.
 * Customers without counted orders in the window are `prospect` or `lapsed` with no scores.
 */
export function computeRfm(aggs: readonly RfmAggregate[], now: number, fixed: RfmThresholds | null = null): RfmResult {
  const cutPoints = cutPointsOf(aggs, now, fixed);
  const raw: Array<{ agg: RfmAggregate; r: number; f: number; m: number; days: number } | { agg: RfmAggregate; r: null }> = [];
  let sumR = 0,
    sumF = 0,
    sumM = 0,
    n = 0;
  for (const agg of aggs) {
    if (agg.frequency > 0 && agg.lastPaidAt !== null) {
      const days = recencyDays(agg.lastPaidAt, now);
      const r = scoreRecency(days, cutPoints.r),
        f = scoreAscending(agg.frequency, cutPoints.f),
        m = scoreAscending(agg.monetary, cutPoints.m);
      sumR += r;
      sumF += f;
      sumM += m;
      n++;
      raw.push({ agg, r, f, m, days });
    } else {
      raw.push({ agg, r: null });
    }
  }
  const means: RfmMeans = n === 0 ? { r: 0, f: 0, m: 0 } : { r: sumR / n, f: sumF / n, m: sumM / n };
  const segmentCounts = emptySegmentCounts();
  const scores = raw.map((x): RfmScore => {
    const s: RfmScore =
      x.r === null
        ? {
            customerId: x.agg.customerId,
            r: null,
            f: null,
            m: null,
            recencyDays: null,
            segment: x.agg.hasOlderOrders ? 'lapsed' : 'prospect',
          }
        : { customerId: x.agg.customerId, r: x.r, f: x.f, m: x.m, recencyDays: x.days, segment: segmentOf(x.r, x.f, x.m, means) };
    segmentCounts[s.segment]++;
    return s;
  });
  return { mode: fixed ? 'fixed' : 'percentiles', cutPoints, means, scoredCount: n, scores, segmentCounts };
}

/** Facts the lifecycle stage is drawn from. */
export interface LifecycleFacts {
  /** Counted orders in the window. */
  frequency: number;
  /** Any counted order ever (in or before the window). */
  hasOrders: boolean;
  /** Epoch ms of the last counted order ever, or null. */
  lastPaidAt: number | null;
  /** Epoch ms of the last interaction of any kind, or null. */
  lastInteractionAt: number | null;
}

/**
 * AIPL lifecycle: churn_risk when the customer bought before and nothing (no interaction,
 * no order) happened for more than `churnSilenceDays`; else loyal (≥ 2 counted orders in the
 * window), purchased (any counted order), interested (has interacted), aware.
 */
export function lifecycleStage(facts: LifecycleFacts, now: number, churnSilenceDays: number): LifecycleStage {
  if (facts.hasOrders) {
    const lastActive = Math.max(facts.lastPaidAt ?? 0, facts.lastInteractionAt ?? 0);
    if (now - lastActive > churnSilenceDays * DAY_MS) return 'churn_risk';
    return facts.frequency >= 2 ? 'loyal' : 'purchased';
  }
  return facts.lastInteractionAt !== null ? 'interested' : 'aware';
}
