import type { AlertsResponse } from '@shared/api/alerts.ts';
import { apiGet } from './http.ts';

/** The alerts pushed to the logged-in member as WeCom application messages (sent, or waiting for quiet hours to end). */
export const fetchMyAlerts = (): Promise<AlertsResponse> =>
  apiGet('/api/me/alerts', async () => (await import('@shared/api/alerts.ts')).alertsResponseSchema);
