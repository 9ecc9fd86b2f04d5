import type {
  ChatTasksResponse,
  CreateSopRuleRequest,
  SopRule,
  SopRulesResponse,
  TaskReport,
  TodayTasksResponse,
  UpdateSopRuleRequest,
} from '@shared/api/tasks.ts';
import { apiGet, apiSend, withQuery } from './http.ts';

const contract = () => import('@shared/api/tasks.ts');
const result = async () => (await contract()).taskResponseSchema;

export const fetchTodayTasks = (): Promise<TodayTasksResponse> =>
  apiGet('/api/tasks/today', async () => (await contract()).todayTasksResponseSchema);
export const fetchChatTasks = (q: { customerId?: number; groupId?: number }): Promise<ChatTasksResponse> =>
  apiGet(withQuery('/api/tasks/chat', q), async () => (await contract()).chatTasksResponseSchema);
export const completeTask = (id: number, via: 'chat' | 'share', text?: string) =>
  apiSend('POST', `/api/tasks/${id}/done`, text === undefined ? { via } : { via, text }, result);
export const dismissTask = (id: number, reason: string) => apiSend('POST', `/api/tasks/${id}/dismiss`, { reason }, result);

// SOP rules and the completion report (managers and admins).
export const fetchSopRules = (): Promise<SopRulesResponse> =>
  apiGet('/api/sop-rules', async () => (await contract()).sopRulesResponseSchema);
export const createSopRule = (input: CreateSopRuleRequest): Promise<SopRule> =>
  apiSend('POST', '/api/sop-rules', input, async () => (await contract()).sopRuleSchema);
export const updateSopRule = (id: number, input: UpdateSopRuleRequest): Promise<SopRule> =>
  apiSend('PATCH', `/api/sop-rules/${id}`, input, async () => (await contract()).sopRuleSchema);
export const fetchTaskReport = (range: { from: string; to: string }): Promise<TaskReport> =>
  apiGet(withQuery('/api/tasks/report', range), async () => (await contract()).taskReportSchema);
