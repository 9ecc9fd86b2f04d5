import { z } from 'zod';
import { isoDate } from './page.ts';

/**
 * Alerts pushed to staff as WeCom application messages (docs/group-send-and-alerts.md § 提醒推送):
 * one per event, held back in the member's quiet hours and by the hourly limit, delivered after.
 */
export const ALERT_KINDS = ['reminder', 'key_moment', 'lost', 'unanswered', 'task_due', 'digest'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  reminder: '跟进提醒',
  key_moment: '关键时刻',
  lost: '客户删除了你',
  unanswered: '客户消息未回复',
  task_due: '任务到期',
  digest: '每日早报',
};

/** pending (waiting for send_after), sending (claimed by one instance), sent, failed, skipped (muted or no longer relevant). */
export const ALERT_STATUSES = ['pending', 'sending', 'sent', 'failed', 'skipped'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间写成 HH:MM，如 21:00');

/** GET/PUT /api/me/alert-settings — quiet hours in Asia/Shanghai time (may wrap midnight; equal = none) and mute. */
export const alertSettingsSchema = z.object({ quietStart: hhmm, quietEnd: hhmm, muted: z.boolean() });
export type AlertSettings = z.infer<typeof alertSettingsSchema>;
export const DEFAULT_ALERT_SETTINGS: AlertSettings = { quietStart: '21:00', quietEnd: '08:00', muted: false };

/** GET /api/me/alerts — the alerts pushed to the actor, newest first. */
export const alertItemSchema = z.object({
  id: z.number().int(),
  kind: z.enum(ALERT_KINDS),
  title: z.string(),
  body: z.string(),
  url: z.string(),
  status: z.enum(ALERT_STATUSES),
  customerId: z.number().int().nullable(),
  sendAfter: isoDate,
  sentAt: isoDate.nullable(),
});
export type AlertItem = z.infer<typeof alertItemSchema>;
export const alertsResponseSchema = z.object({ items: z.array(alertItemSchema) });
export type AlertsResponse = z.infer<typeof alertsResponseSchema>;
