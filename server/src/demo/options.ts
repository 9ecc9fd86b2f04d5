import type { DemoOptions } from './types.ts';

/** The fixed "now" of the default dataset, so every run produces the same rows. */
export const DEMO_NOW = new Date('2026-11-23T02:00:00Z');

const DEFAULTS: DemoOptions = {
  seed: 20261123,
  customers: 2000,
  guides: 12,
  groups: 40,
  ordersPerCustomer: 10,
  now: DEMO_NOW,
  corpId: 'wwdemo0000000001',
};

/** Full demo options from a partial set (defaults: 2,000 customers, 12 guides, 40 groups, 10 orders per customer). */
export function demoOptions(partial: Partial<DemoOptions> = {}): DemoOptions {
  const o: DemoOptions = {
    seed: partial.seed ?? DEFAULTS.seed,
    customers: partial.customers ?? DEFAULTS.customers,
    guides: partial.guides ?? DEFAULTS.guides,
    groups: partial.groups ?? DEFAULTS.groups,
    ordersPerCustomer: partial.ordersPerCustomer ?? DEFAULTS.ordersPerCustomer,
    now: partial.now ?? DEFAULTS.now,
    corpId: partial.corpId ?? DEFAULTS.corpId,
  };
  if (!Number.isInteger(o.customers) || o.customers < 0) throw new Error('demo customers must be a non-negative integer');
  if (!Number.isInteger(o.guides) || o.guides < 1) throw new Error('demo guides must be a positive integer');
  if (!Number.isInteger(o.groups) || o.groups < 0) throw new Error('demo groups must be a non-negative integer');
  if (!Number.isInteger(o.seed) || o.seed < 0) throw new Error('demo seed must be a non-negative integer');
  if (Number.isNaN(o.now.getTime())) throw new Error('demo now must be a valid date');
  if (!(o.ordersPerCustomer >= 0)) throw new Error('demo ordersPerCustomer must be >= 0');
  return o;
}

/** Seconds since the epoch (WeCom timestamps). */
export const unix = (d: Date | number): number => Math.floor((typeof d === 'number' ? d : d.getTime()) / 1000);
export const DAY_S = 86_400;
