import { z } from 'zod';
import { seededRandom } from './random.ts';

/**
 * Behaviour switches that make the simulator misbehave the way WeCom does.
 * All default to "well-behaved"; failures draw from a seeded PRNG so a run
 * with the same seed and the same call order fails on the same calls.
 */
export const switchesSchema = z.object({
  /** Added to every /cgi-bin call before it is answered. */
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  /** Calls per minute allowed per endpoint (fixed one-minute windows); over it → 45009. 0 = unlimited. */
  rateLimitPerMin: z.number().int().min(0).default(0),
  /** Lifetime of new access tokens (expires_in); short values force 42001 in the middle of a sync. */
  tokenTtlSeconds: z.number().int().min(1).max(7200).default(7200),
  /** Share of /cgi-bin calls that fail: half errcode -1 (system busy), half HTTP 502. */
  failureRate: z.number().min(0).max(1).default(0),
  /** Seed of the failure draws. */
  seed: z.number().int().default(1),
});
export type Switches = z.infer<typeof switchesSchema>;
export type SwitchesInput = z.input<typeof switchesSchema>;

export type InjectedFailure = 'none' | 'busy' | 'http502';

/** Mutable switches plus the counters they need (rate windows, failure PRNG). */
export class SwitchBoard {
  private current: Switches;
  private draw: () => number;
  private windows = new Map<string, { window: number; count: number }>();
  private listeners: Array<(next: Switches, patch: SwitchesInput) => void> = [];

  constructor(initial: SwitchesInput = {}) {
    this.current = switchesSchema.parse(initial);
    this.draw = seededRandom(this.current.seed);
  }

  get(): Switches {
    return { ...this.current };
  }

  /** Merges new values; changing the seed (or failureRate) restarts the failure sequence. */
  update(patch: SwitchesInput): Switches {
    this.current = switchesSchema.parse({ ...this.current, ...patch });
    if (patch.seed !== undefined || patch.failureRate !== undefined) this.draw = seededRandom(this.current.seed);
    if (patch.rateLimitPerMin !== undefined) this.windows.clear();
    for (const l of this.listeners) l(this.get(), patch);
    return this.get();
  }

  /** Called after every update (the simulator shortens live tokens when tokenTtlSeconds drops). */
  onUpdate(listener: (next: Switches, patch: SwitchesInput) => void): void {
    this.listeners.push(listener);
  }

  /** Whether this call is over the per-endpoint per-minute limit (counts the call). */
  overRateLimit(endpoint: string, now = Date.now()): boolean {
    const limit = this.current.rateLimitPerMin;
    if (limit <= 0) return false;
    const window = Math.floor(now / 60_000);
    let w = this.windows.get(endpoint);
    if (!w || w.window !== window) {
      w = { window, count: 0 };
      this.windows.set(endpoint, w);
    }
    w.count += 1;
    return w.count > limit;
  }

  /** Next injected failure, drawn from the seeded sequence. */
  nextFailure(): InjectedFailure {
    const rate = this.current.failureRate;
    if (rate <= 0) return 'none';
    if (this.draw() >= rate) return 'none';
    return this.draw() < 0.5 ? 'busy' : 'http502';
  }
}
