import type { AlertSettings, AlertsResponse } from '@shared/api/alerts.ts';
import { apiGet, apiSend } from './http.ts';

/** The alerts pushed to the logged-in member as WeCom application messages (sent, or waiting for quiet hours to end). */
export const fetchMyAlerts = (): Promise<AlertsResponse> =>
  apiGet('/api/me/alerts', async () => (await import('@shared/api/alerts.ts')).alertsResponseSchema);

const settingsSchema = async () => (await import('@shared/api/alerts.ts')).alertSettingsSchema;
export const fetchAlertSettings = (): Promise<AlertSettings> => apiGet('/api/me/alert-settings', settingsSchema);
export const saveAlertSettings = (s: AlertSettings): Promise<AlertSettings> => apiSend('PUT', '/api/me/alert-settings', s, settingsSchema);
