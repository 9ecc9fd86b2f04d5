import type { CreateGroupSendRequest, GroupSendDetail, GroupSendList, GroupSendOptions, GroupSendPreview } from '@shared/api/group-send.ts';
import { apiGet, apiSend } from './http.ts';

const contract = () => import('@shared/api/group-send.ts');
const detail = async () => (await contract()).groupSendDetailSchema;

export const fetchGroupSends = (): Promise<GroupSendList> => apiGet('/api/group-sends', async () => (await contract()).groupSendListSchema);
export const fetchGroupSendOptions = (): Promise<GroupSendOptions> =>
  apiGet('/api/group-sends/options', async () => (await contract()).groupSendOptionsSchema);
export const previewGroupSend = (body: CreateGroupSendRequest): Promise<GroupSendPreview> =>
  apiSend('POST', '/api/group-sends/preview', body, async () => (await contract()).groupSendPreviewSchema);
export const createGroupSend = (body: CreateGroupSendRequest): Promise<GroupSendDetail> =>
  apiSend('POST', '/api/group-sends', body, detail);
export const fetchGroupSend = (id: number): Promise<GroupSendDetail> => apiGet(`/api/group-sends/${id}`, detail);
export const remindGroupSend = (id: number): Promise<GroupSendDetail> =>
  apiSend('POST', `/api/group-sends/${id}/remind`, undefined, detail);
export const cancelGroupSend = (id: number): Promise<GroupSendDetail> =>
  apiSend('POST', `/api/group-sends/${id}/cancel`, undefined, detail);
