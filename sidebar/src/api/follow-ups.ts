import type { CreateFollowUpRequest, FollowUp, FollowUpsResponse } from '@shared/api/follow-ups.ts';
import { apiGet, apiSend } from './http.ts';

const contract = () => import('@shared/api/follow-ups.ts');
const one = async () => (await contract()).followUpResponseSchema;

export const fetchFollowUps = (customerId: number): Promise<FollowUpsResponse> =>
  apiGet(`/api/customers/${customerId}/follow-ups`, async () => (await contract()).followUpsResponseSchema);

export const createFollowUp = async (customerId: number, body: CreateFollowUpRequest): Promise<FollowUp> =>
  (await apiSend('POST', `/api/customers/${customerId}/follow-ups`, body, one)).followUp;

export const markFollowUpDone = async (id: number): Promise<FollowUp> =>
  (await apiSend('PATCH', `/api/follow-ups/${id}`, { done: true }, one)).followUp;
