/**
 * Deterministic randomness for the demo corp. Every entity gets its own PRNG
 * derived from (seed, stream, index), so entity i is produced without producing
 * 0..i-1 and the generator streams to millions of customers in constant memory.
 * Math.random is never used.
 */

/** splitmix32-style finaliser: spreads every input bit over the 32-bit output. */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a of a short label (stream names such as 'customer' or 'orders'). */
function hashLabel(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A small seeded PRNG (mulberry32) with the helpers the generators use. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Picks by weight; `entries` are [value, weight] pairs with positive total weight. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [v, w] of entries) {
      r -= w;
      if (r < 0) return v;
    }
    const last = entries[entries.length - 1];
    if (!last) throw new Error('weighted pick from an empty list');
    return last[0];
  }

  /** `count` distinct items (or all of them when fewer), in pick order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = items.slice();
    const out: T[] = [];
    while (out.length < count && pool.length > 0) {
      const i = Math.floor(this.next() * pool.length);
      const [item] = pool.splice(i, 1);
      if (item !== undefined) out.push(item);
    }
    return out;
  }

  /** Random characters from an alphabet (ids that look like WeCom's). */
  chars(length: number, alphabet = BASE62): string {
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
}

export const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** The PRNG of one entity: a pure function of (seed, stream, index, sub). */
export function rngFor(seed: number, stream: string, index = 0, sub = 0): Rng {
  let h = mix32(seed >>> 0);
  h = mix32(h ^ hashLabel(stream));
  h = mix32(h ^ (index >>> 0));
  h = mix32(h ^ Math.floor(index / 4294967296));
  h = mix32(h ^ (sub >>> 0));
  return new Rng(h);
}
