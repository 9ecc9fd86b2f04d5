import { describe, expect, it } from 'vitest';
import { CALLBACK_RETRY, afterFailure } from './retry-policy.ts';

const T0 = Date.UTC(2026, 0, 1);

describe('callback retry policy', () => {
  it('backs off from 2 s, doubling, capped at 10 minutes, on whole seconds', () => {
    const delays = [1, 2, 3, 4, 9, 10, 11, 50, 5000].map((attempts) => {
      const next = afterFailure(CALLBACK_RETRY, attempts, T0, T0);
      return next.giveUp ? null : (next.retryAt.getTime() - T0) / 1000;
    });
    expect(delays).toEqual([2, 4, 8, 16, 512, 600, 600, 600, 600]);
    const odd = afterFailure(CALLBACK_RETRY, 1, T0, T0 + 1);
    expect(odd.giveUp === false && odd.retryAt.getTime() % 1000).toBe(0);
  });

  it('keeps retrying for a day after the first failure, then gives up', () => {
    expect(afterFailure(CALLBACK_RETRY, 150, T0, T0 + 24 * 3_600_000 - 1).giveUp).toBe(false);
    expect(afterFailure(CALLBACK_RETRY, 150, T0, T0 + 24 * 3_600_000).giveUp).toBe(true);
    expect(afterFailure({ ...CALLBACK_RETRY, maxAttempts: 3 }, 3, T0, T0).giveUp).toBe(true);
  });
});
