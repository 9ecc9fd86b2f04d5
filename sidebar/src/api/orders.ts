import type { CustomerOrdersResponse } from '@shared/api/orders.ts';
import { apiGet, withQuery } from './http.ts';

export const fetchCustomerOrders = (customerId: number, cursor?: string): Promise<CustomerOrdersResponse> =>
  apiGet(
    withQuery(`/api/customers/${customerId}/orders`, { cursor, limit: 10 }),
    async () => (await import('@shared/api/orders.ts')).customerOrdersResponseSchema,
  );
