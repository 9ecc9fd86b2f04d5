import type { DataSource } from 'typeorm';
import { ALERT_KINDS, ALERT_STATUSES, DEFAULT_ALERT_SETTINGS, type AlertItem, type AlertSettings } from '@shared/api/alerts.ts';
import { fromDbTime, num, select, selectOne, toBool, upsertRows } from '@server/db/sql.ts';
import { AlertSettingEntity } from '@server/entities/AlertSetting.ts';

/** The member's quiet hours and mute (the defaults until they change them). */
export async function alertSettings(ds: DataSource, staffId: number): Promise<AlertSettings> {
  const row = await selectOne<{ quiet_start: string; quiet_end: string; muted: unknown }>(
    ds,
    'SELECT quiet_start, quiet_end, muted FROM alert_setting WHERE staff_id = ?',
    [staffId],
  );
  return row ? { quietStart: row.quiet_start, quietEnd: row.quiet_end, muted: toBool(row.muted) } : DEFAULT_ALERT_SETTINGS;
}

export async function saveAlertSettings(ds: DataSource, staffId: number, s: AlertSettings): Promise<AlertSettings> {
  await upsertRows(
    ds.manager,
    AlertSettingEntity,
    [{ staffId, quietStart: s.quietStart, quietEnd: s.quietEnd, muted: s.muted }],
    ['quiet_start', 'quiet_end', 'muted'],
    ['staff_id'],
  );
  return alertSettings(ds, staffId);
}

/** The last 50 alerts for the member, newest first (what they received, or will after quiet hours). */
export async function myAlerts(ds: DataSource, staffId: number): Promise<AlertItem[]> {
  const rows = await select<{
    id: unknown;
    kind: string;
    title: string;
    body: string;
    url: string;
    status: string;
    customer_id: unknown;
    send_after: unknown;
    sent_at: unknown;
  }>(
    ds,
    'SELECT id, kind, title, body, url, status, customer_id, send_after, sent_at FROM alert WHERE staff_id = ? ORDER BY id DESC LIMIT 50',
    [staffId],
  );
  return rows.flatMap((r): AlertItem[] => {
    const kind = ALERT_KINDS.find((k) => k === r.kind);
    const status = ALERT_STATUSES.find((s) => s === r.status);
    if (!kind || !status) return [];
    return [
      {
        id: num(r.id),
        kind,
        title: r.title,
        body: r.body,
        url: r.url,
        status,
        customerId: r.customer_id === null ? null : num(r.customer_id),
        sendAfter: (fromDbTime(r.send_after) ?? new Date(0)).toISOString(),
        sentAt: fromDbTime(r.sent_at)?.toISOString() ?? null,
      },
    ];
  });
}
