/**
 * The hidden "story" of a customer that keeps their WeCom facts, orders and
 * interactions consistent: a buying archetype (for RFM variety), when they
 * were first added, and how many orders they place. Pure function of (seed, index).
 */
import { DAY_S, unix } from './options.ts';
import { rngFor } from './random.ts';
import type { DemoOptions } from './types.ts';

export type Archetype = 'prospect' | 'once_old' | 'once_recent' | 'regular' | 'lapsed_regular' | 'heavy';

export interface CustomerProfile {
  archetype: Archetype;
  /** unix seconds of the first follow relation. */
  firstAdded: number;
  orderCount: number;
  /** unix seconds range in which orders fall. */
  orderFrom: number;
  orderTo: number;
}

const ARCHETYPES: ReadonlyArray<readonly [Archetype, number]> = [
  ['prospect', 33],
  ['once_old', 14],
  ['once_recent', 10],
  ['regular', 26],
  ['lapsed_regular', 11],
  ['heavy', 6],
];
/** Relative order counts of the repeat buyers; scaled so the mean matches ordersPerCustomer. */
const REPEAT_BASE: Partial<Record<Archetype, number>> = { regular: 12, lapsed_regular: 8, heavy: 45 };
const TOTAL_WEIGHT = ARCHETYPES.reduce((s, [, w]) => s + w, 0);
const share = (a: Archetype): number => (ARCHETYPES.find(([k]) => k === a)?.[1] ?? 0) / TOTAL_WEIGHT;
const ONCE_SHARE = share('once_old') + share('once_recent');
const REPEAT_MEAN = (Object.entries(REPEAT_BASE) as Array<[Archetype, number]>).reduce((s, [a, n]) => s + share(a) * n, 0);

/** Customer i's buying story. */
export function customerProfile(o: DemoOptions, index: number): CustomerProfile {
  const r = rngFor(o.seed, 'profile', index);
  const now = unix(o.now);
  const day = DAY_S;
  const archetype = r.weighted(ARCHETYPES);
  // Scale so E[orders] = ordersPerCustomer (one-time buyers always buy once, when there are orders at all).
  const k = o.ordersPerCustomer <= 0 ? 0 : Math.max(0, (o.ordersPerCustomer - ONCE_SHARE) / REPEAT_MEAN);
  const repeat = (a: Archetype): number => Math.max(2, Math.round((REPEAT_BASE[a] ?? 0) * k * r.float(0.5, 1.5)));
  const ago = (minDays: number, maxDays: number): number => now - Math.floor(r.float(minDays, maxDays) * day);
  switch (archetype) {
    case 'prospect': {
      // A few were added in the last 24 hours ("new today"): about as many as on any other recent day.
      const firstAdded = r.chance(0.004) ? now - r.int(60, day - 60) : ago(1, 730);
      return { archetype, firstAdded, orderCount: 0, orderFrom: firstAdded, orderTo: firstAdded };
    }
    case 'once_old': {
      const firstAdded = ago(220, 730);
      return {
        archetype,
        firstAdded,
        orderCount: o.ordersPerCustomer > 0 ? 1 : 0,
        orderFrom: firstAdded - 30 * day,
        orderTo: now - 200 * day,
      };
    }
    case 'once_recent': {
      const firstAdded = ago(2, 300);
      return {
        archetype,
        firstAdded,
        orderCount: o.ordersPerCustomer > 0 ? 1 : 0,
        orderFrom: Math.max(firstAdded, now - 90 * day),
        orderTo: now - 3600,
      };
    }
    case 'regular': {
      const firstAdded = ago(150, 730);
      return { archetype, firstAdded, orderCount: k > 0 ? repeat(archetype) : 0, orderFrom: firstAdded - 60 * day, orderTo: now - 3600 };
    }
    case 'lapsed_regular': {
      const firstAdded = ago(420, 730);
      return {
        archetype,
        firstAdded,
        orderCount: k > 0 ? repeat(archetype) : 0,
        orderFrom: firstAdded - 60 * day,
        orderTo: now - r.int(190, 300) * day,
      };
    }
    case 'heavy': {
      const firstAdded = ago(300, 730);
      return { archetype, firstAdded, orderCount: k > 0 ? repeat(archetype) : 0, orderFrom: firstAdded - 90 * day, orderTo: now - 600 };
    }
  }
}
