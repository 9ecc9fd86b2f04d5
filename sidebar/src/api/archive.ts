import type { ChatResponse } from '@shared/api/archive.ts';
import { apiGet, withQuery } from './http.ts';

/** One page of the actor's 1v1 聊天记录 with a customer, newest first; `q` filters by text. */
export const fetchCustomerChat = (customerId: number, args: { cursor?: string; q?: string }): Promise<ChatResponse> =>
  apiGet(
    withQuery(`/api/customers/${customerId}/chat`, { cursor: args.cursor, q: args.q, limit: 30 }),
    async () => (await import('@shared/api/archive.ts')).chatResponseSchema,
  );
