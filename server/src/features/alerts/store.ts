import type { DataSource } from 'typeorm';
import { bulkInsert, chunks, marks, select } from '@server/db/sql.ts';
import type { NewAlert } from './sources.ts';

const COLUMNS = ['staff_id', 'kind', 'dedupe_key', 'customer_id', 'title', 'body', 'url', 'status', 'send_after'] as const;

/**
 * Stores alerts once each (INSERT IGNORE on the dedupe key: a rescan, a second instance or a
 * retried job adds nothing). They wait as pending, due now; the dispatcher applies quiet hours
 * and the hourly limit when it delivers. Returns how many were new.
 */
export async function storeAlerts(ds: DataSource, alerts: NewAlert[], now: Date): Promise<number> {
  if (alerts.length === 0) return 0;
  const unique = [...new Map(alerts.map((a) => [a.dedupeKey, a] as const)).values()];
  // Most events of a scan were stored by an earlier scan: read their keys (index lookups) and insert only the rest.
  const stored = new Set<string>();
  for (const part of chunks(
    unique.map((a) => a.dedupeKey),
    500,
  )) {
    const rows = await select<{ dedupe_key: string }>(ds, `SELECT dedupe_key FROM alert WHERE dedupe_key IN (${marks(part.length)})`, part);
    for (const r of rows) stored.add(r.dedupe_key);
  }
  const fresh = unique.filter((a) => !stored.has(a.dedupeKey));
  if (fresh.length === 0) return 0;
  await bulkInsert(
    ds,
    'alert',
    [...COLUMNS],
    fresh.map((a) => [a.staffId, a.kind, a.dedupeKey, a.customerId, a.title.slice(0, 128), a.lines.join('\n'), a.url, 'pending', now]),
    { ignore: true },
  );
  return fresh.length;
}
