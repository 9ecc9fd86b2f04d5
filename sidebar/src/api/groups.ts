import type {
  GroupDetailResponse,
  GroupMembersQuery,
  GroupMembersResponse,
  CreateGroupTagRequest,
  GroupTag,
  GroupTagsResponse,
  UpdateGroupTagRequest,
  UpdateGroupTagsResponse,
} from '@shared/api/groups.ts';
import { apiGet, apiSend, withQuery } from './http.ts';

const contract = () => import('@shared/api/groups.ts');

export const groupIdByChat = async (chatId: string): Promise<number> =>
  (await apiGet(`/api/groups/by-chat/${encodeURIComponent(chatId)}`, async () => (await contract()).groupByChatResponseSchema)).id;

export const fetchGroup = (id: number): Promise<GroupDetailResponse> =>
  apiGet(`/api/groups/${id}`, async () => (await contract()).groupDetailResponseSchema);

export const fetchGroupMembers = (id: number, query: GroupMembersQuery): Promise<GroupMembersResponse> =>
  apiGet(withQuery(`/api/groups/${id}/members`, { ...query }), async () => (await contract()).groupMembersResponseSchema);

export const fetchGroupTags = (): Promise<GroupTagsResponse> =>
  apiGet('/api/group-tags', async () => (await contract()).groupTagsResponseSchema);

export const updateGroupTags = (id: number, add: number[], remove: number[]): Promise<UpdateGroupTagsResponse> =>
  apiSend('POST', `/api/groups/${id}/tags`, { add, remove }, async () => (await contract()).updateGroupTagsResponseSchema);

export const createGroupTag = async (body: CreateGroupTagRequest): Promise<GroupTag> =>
  (await apiSend('POST', '/api/group-tags', body, async () => (await contract()).createGroupTagResponseSchema)).tag;

export const updateGroupTag = async (id: number, body: UpdateGroupTagRequest): Promise<GroupTag> =>
  (await apiSend('PATCH', `/api/group-tags/${id}`, body, async () => (await contract()).createGroupTagResponseSchema)).tag;

export const deleteGroupTag = async (id: number): Promise<void> => {
  await apiSend('DELETE', `/api/group-tags/${id}`, undefined, async () => (await import('@shared/api/page.ts')).okResponseSchema);
};
