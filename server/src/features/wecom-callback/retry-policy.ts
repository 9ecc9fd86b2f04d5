/**
 * How long a callback event whose processing fails (WeCom unreachable, busy,
 * a re-read that errors) keeps being retried. A WeCom outage of hours must
 * not lose events, so retries back off to a cap and go on for a day before
 * the event is failed for good (an admin can replay it from the status page).
 */
export interface RetryPolicy {
  /** Delay after the first failure; doubles per further failure. */
  backoffMs: number;
  /** Longest delay between two tries. */
  maxBackoffMs: number;
  /** How long after its first failure an event is still retried. */
  retryForMs: number;
  /** Tries after which an event is failed whatever its age (Infinity: only retryForMs decides). */
  maxAttempts: number;
}

export const CALLBACK_RETRY: RetryPolicy = {
  backoffMs: 2_000,
  maxBackoffMs: 10 * 60_000,
  retryForMs: 24 * 3_600_000,
  maxAttempts: Number.POSITIVE_INFINITY,
};

export type RetryDecision = { giveUp: true } | { giveUp: false; retryAt: Date };

/**
 * What follows the `attempts`-th failed try at `nowMs` of an event whose
 * failures began at `firstFailedAtMs`. The next try is rounded down to a whole
 * second: MySQL DATETIME keeps no more, and early by <1 s is harmless.
 */
export function afterFailure(policy: RetryPolicy, attempts: number, firstFailedAtMs: number, nowMs: number): RetryDecision {
  if (attempts >= policy.maxAttempts || nowMs - firstFailedAtMs >= policy.retryForMs) return { giveUp: true };
  const delay = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** Math.min(attempts - 1, 40));
  return { giveUp: false, retryAt: new Date(Math.floor((nowMs + delay) / 1000) * 1000) };
}
