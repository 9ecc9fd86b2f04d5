import type { ChatTasksResponse, TodayTasksResponse } from '@shared/api/tasks.ts';
import { apiGet, apiSend, withQuery } from './http.ts';

const contract = () => import('@shared/api/tasks.ts');
const result = async () => (await contract()).taskResponseSchema;

export const fetchTodayTasks = (): Promise<TodayTasksResponse> =>
  apiGet('/api/tasks/today', async () => (await contract()).todayTasksResponseSchema);
export const fetchChatTasks = (q: { customerId?: number; groupId?: number }): Promise<ChatTasksResponse> =>
  apiGet(withQuery('/api/tasks/chat', q), async () => (await contract()).chatTasksResponseSchema);
export const completeTask = (id: number, via: 'chat' | 'share') => apiSend('POST', `/api/tasks/${id}/done`, { via }, result);
export const dismissTask = (id: number, reason: string) => apiSend('POST', `/api/tasks/${id}/dismiss`, { reason }, result);
