import type { NextActionsResponse } from '@shared/api/next-actions.ts';
import { apiGet } from './http.ts';

export const fetchNextActions = (customerId: number): Promise<NextActionsResponse> =>
  apiGet(`/api/customers/${customerId}/next-actions`, async () => (await import('@shared/api/next-actions.ts')).nextActionsResponseSchema);
