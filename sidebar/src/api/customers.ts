import type {
  CustomerProfileResponse,
  MyCustomersQuery,
  MyCustomersResponse,
  UpdateRemarkRequest,
  UpdateRemarkResponse,
  UpdateSalutationResponse,
} from '@shared/api/customers.ts';
import type { TimelineResponse } from '@shared/api/timeline.ts';
import type { HomeResponse } from '@shared/api/home.ts';
import { apiGet, apiSend, withQuery } from './http.ts';

const contract = () => import('@shared/api/customers.ts');
const byExternal = async () => (await contract()).customerByExternalResponseSchema;
const profile = async () => (await contract()).customerProfileResponseSchema;

export const customerIdByExternal = async (externalUserid: string): Promise<number> =>
  (await apiGet(`/api/customers/by-external/${encodeURIComponent(externalUserid)}`, byExternal)).id;

const prefetched = new Map<number, Promise<CustomerProfileResponse>>();

/** Hands a profile that came with the chat's open to the page's first fetch. */
export function primeCustomerProfile(profile: CustomerProfileResponse): void {
  prefetched.set(profile.id, Promise.resolve(profile));
}

export function fetchCustomerProfile(id: number): Promise<CustomerProfileResponse> {
  const early = prefetched.get(id);
  if (early) {
    prefetched.delete(id);
    return early;
  }
  return apiGet(`/api/customers/${id}`, profile);
}

export const fetchTimeline = (id: number, cursor?: string): Promise<TimelineResponse> =>
  apiGet(
    withQuery(`/api/customers/${id}/timeline`, { cursor, limit: 20 }),
    async () => (await import('@shared/api/timeline.ts')).timelineResponseSchema,
  );

export const updateRemark = (id: number, body: UpdateRemarkRequest): Promise<UpdateRemarkResponse> =>
  apiSend('PATCH', `/api/customers/${id}/remark`, body, async () => (await contract()).updateRemarkResponseSchema);

/** The guide's 称呼 for the customer ('' clears it: messages then use the WeChat name). */
export const updateSalutation = (id: number, salutation: string): Promise<UpdateSalutationResponse> =>
  apiSend('PUT', `/api/customers/${id}/salutation`, { salutation }, async () => (await contract()).updateSalutationResponseSchema);

export const fetchHome = (): Promise<HomeResponse> =>
  apiGet('/api/home', async () => (await import('@shared/api/home.ts')).homeResponseSchema);

export const fetchMyCustomers = (query: MyCustomersQuery): Promise<MyCustomersResponse> =>
  apiGet(withQuery('/api/my/customers', { ...query }), async () => (await contract()).myCustomersResponseSchema);
