import type { NextActionsResponse } from '@shared/api/next-actions.ts';
import { apiGet } from './http.ts';

const primed = new Map<number, NextActionsResponse>();

/** Hands next actions that came with the chat's open to the card's first fetch. */
export function primeNextActions(customerId: number, value: NextActionsResponse): void {
  primed.set(customerId, value);
}

export function fetchNextActions(customerId: number): Promise<NextActionsResponse> {
  const early = primed.get(customerId);
  if (early) {
    primed.delete(customerId);
    return Promise.resolve(early);
  }
  return apiGet(
    `/api/customers/${customerId}/next-actions`,
    async () => (await import('@shared/api/next-actions.ts')).nextActionsResponseSchema,
  );
}
