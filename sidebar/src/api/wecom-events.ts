import type { ReplayWecomEventsResponse, WecomEventQueue } from '@shared/api/wecom-events.ts';
import { apiGet, apiSend } from './http.ts';

export const fetchWecomEventQueue = (): Promise<WecomEventQueue> =>
  apiGet('/api/admin/wecom-events', async () => (await import('@shared/api/wecom-events.ts')).wecomEventQueueSchema);

export const replayFailedWecomEvents = (): Promise<ReplayWecomEventsResponse> =>
  apiSend(
    'POST',
    '/api/admin/wecom-events/replay',
    { all: true },
    async () => (await import('@shared/api/wecom-events.ts')).replayWecomEventsResponseSchema,
  );
