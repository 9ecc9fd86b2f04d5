import type {
  CreateProfileFieldRequest,
  CustomerFieldsResponse,
  ProfileFieldDef,
  ProfileFieldDefsResponse,
  UpdateCustomerFieldsRequest,
  UpdateCustomerFieldsResponse,
  UpdateProfileFieldRequest,
} from '@shared/api/profile-fields.ts';
import { apiGet, apiSend } from './http.ts';

const contract = () => import('@shared/api/profile-fields.ts');

export const fetchCustomerFields = (customerId: number): Promise<CustomerFieldsResponse> =>
  apiGet(`/api/customers/${customerId}/profile-fields`, async () => (await contract()).customerFieldsResponseSchema);

export const updateCustomerFields = (customerId: number, body: UpdateCustomerFieldsRequest): Promise<UpdateCustomerFieldsResponse> =>
  apiSend('PATCH', `/api/customers/${customerId}/profile-fields`, body, async () => (await contract()).updateCustomerFieldsResponseSchema);

export const fetchFieldDefs = (): Promise<ProfileFieldDefsResponse> =>
  apiGet('/api/profile-fields', async () => (await contract()).profileFieldDefsResponseSchema);

export const createFieldDef = async (body: CreateProfileFieldRequest): Promise<ProfileFieldDef> =>
  (await apiSend('POST', '/api/profile-fields', body, async () => (await contract()).profileFieldDefResponseSchema)).field;

export const updateFieldDef = async (id: number, body: UpdateProfileFieldRequest): Promise<ProfileFieldDef> =>
  (await apiSend('PATCH', `/api/profile-fields/${id}`, body, async () => (await contract()).profileFieldDefResponseSchema)).field;

export const archiveFieldDef = async (id: number): Promise<void> => {
  await apiSend('DELETE', `/api/profile-fields/${id}`, undefined, async () => (await import('@shared/api/page.ts')).okResponseSchema);
};
