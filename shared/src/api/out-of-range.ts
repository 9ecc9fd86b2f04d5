import type { z } from 'zod';

/**
 * A value of the right shape but outside what the business can hold (an amount, a quantity, a
 * year). Such issues carry this marker so the server can answer 422 `value_out_of_range` instead
 * of the 400 it gives malformed input, and a client can tell the two apart.
 */
const MARK = { outOfRange: true } as const;

export function addOutOfRange(ctx: Pick<z.RefinementCtx, 'addIssue'>, message: string, path?: PropertyKey[]): void {
  ctx.addIssue({ code: 'custom', message, params: MARK, ...(path ? { path } : {}) });
}

export function isOutOfRange(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'custom' && issue.params?.outOfRange === true;
}
