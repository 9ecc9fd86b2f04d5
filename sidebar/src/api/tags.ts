import type {
  CreateCorpTagResponse,
  CustomerTagsResponse,
  TagGroupSettingsResponse,
  TagGroupsResponse,
  UpdateCustomerTagsResponse,
} from '@shared/api/tags.ts';
import { apiGet, apiSend } from './http.ts';

const contract = () => import('@shared/api/tags.ts');

export const fetchTagGroups = (): Promise<TagGroupsResponse> =>
  apiGet('/api/tag-groups', async () => (await contract()).tagGroupsResponseSchema);

export const updateCustomerTags = (customerId: number, add: string[], remove: string[]): Promise<UpdateCustomerTagsResponse> =>
  apiSend('POST', `/api/customers/${customerId}/tags`, { add, remove }, async () => (await contract()).updateCustomerTagsResponseSchema);

export const createCorpTag = (groupId: string, name: string): Promise<CreateCorpTagResponse> =>
  apiSend(
    'POST',
    `/api/tag-groups/${encodeURIComponent(groupId)}/tags`,
    { name },
    async () => (await contract()).createCorpTagResponseSchema,
  );

export const fetchCustomerTags = (customerId: number): Promise<CustomerTagsResponse> =>
  apiGet(`/api/customers/${customerId}/tags`, async () => (await contract()).customerTagsResponseSchema);

export const updateTagGroupSettings = (groupId: string, singleChoice: boolean): Promise<TagGroupSettingsResponse> =>
  apiSend(
    'PUT',
    `/api/tag-groups/${encodeURIComponent(groupId)}/settings`,
    { singleChoice },
    async () => (await contract()).tagGroupSettingsResponseSchema,
  );
