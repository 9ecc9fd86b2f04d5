import type { DataSource } from 'typeorm';
import { DEFAULT_ALERT_SETTINGS } from '@shared/api/alerts.ts';
import { dbTime, fromDbTime, marks, num, select, toBool } from '@server/db/sql.ts';
import { AlertEntity } from '@server/entities/Alert.ts';
import { log } from '@server/logger.ts';
import type { WecomClient } from '@server/wecom/client.ts';
import { WecomApiError, WecomTransportError } from '@server/wecom/errors.ts';
import { textcardOf } from './card.ts';
import { quietUntil } from './quiet-hours.ts';
import { stillRelevant } from './relevance.ts';

const HOUR_MS = 3600_000;
/** Alerts handled per run; the rest wait for the next minute. */
const BATCH = 500;
/** A failure WeCom may not repeat (busy, rate-limited, no answer) is tried again this much later. */
const RETRY_MS = 5 * 60_000;
const RETRYABLE = new Set([-1, 45009, 45033]);
/** A claim older than this was left by an instance that died while sending. */
const STALE_CLAIM_MS = 10 * 60_000;

export interface DispatchOptions {
  client: WecomClient;
  agentId: number;
  /** Base URL the cards open (PUBLIC_URL). */
  baseUrl: string;
  maxPerHour: number;
}

export interface DispatchResult {
  sent: number;
  deferred: number;
  skipped: number;
  failed: number;
}

interface AlertRow {
  id: unknown;
  staff_id: unknown;
  dedupe_key: string;
  title: string;
  body: string;
  url: string;
}

/**
 * Delivers the pending alerts that are due, per member: muted members' alerts are skipped,
 * alerts falling in the member's quiet hours move to the end of them, more than `maxPerHour`
 * in the last hour move to the next free slot, alerts that no longer describe anything open
 * are skipped. Each alert is claimed (pending → sending, compare-and-set) before it is sent,
 * so two instances running this at once never send one twice.
 */
export async function dispatchAlerts(ds: DataSource, now: Date, o: DispatchOptions): Promise<DispatchResult> {
  const result: DispatchResult = { sent: 0, deferred: 0, skipped: 0, failed: 0 };
  // A claim whose instance died mid-send goes back to the queue; WeCom's duplicate check hides a second copy.
  await ds
    .createQueryBuilder()
    .update(AlertEntity)
    .set({ status: 'pending' })
    .where("status = 'sending' AND send_after < :stale", { stale: dbTime(new Date(now.getTime() - STALE_CLAIM_MS)) })
    .execute();
  const due = await select<AlertRow>(
    ds,
    `SELECT id, staff_id, dedupe_key, title, body, url FROM alert WHERE status = 'pending' AND send_after <= ?
      ORDER BY send_after, id LIMIT ${BATCH}`,
    [dbTime(now)],
  );
  if (due.length === 0) return result;
  const staffIds = [...new Set(due.map((a) => num(a.staff_id)))];
  const [settings, staff, recent, relevant] = await Promise.all([
    select<{ staff_id: unknown; quiet_start: string; quiet_end: string; muted: unknown }>(
      ds,
      `SELECT staff_id, quiet_start, quiet_end, muted FROM alert_setting WHERE staff_id IN (${marks(staffIds.length)})`,
      staffIds,
    ),
    select<{ id: unknown; userid: string; status: unknown }>(
      ds,
      `SELECT id, userid, status FROM staff WHERE id IN (${marks(staffIds.length)})`,
      staffIds,
    ),
    select<{ staff_id: unknown; sent_at: unknown }>(
      ds,
      `SELECT staff_id, sent_at FROM alert WHERE staff_id IN (${marks(staffIds.length)}) AND sent_at > ? ORDER BY sent_at`,
      [...staffIds, dbTime(new Date(now.getTime() - HOUR_MS))],
    ),
    stillRelevant(
      ds,
      due.map((a) => a.dedupe_key),
    ),
  ]);
  const settingOf = new Map(
    settings.map((s) => [num(s.staff_id), { quietStart: s.quiet_start, quietEnd: s.quiet_end, muted: toBool(s.muted) }] as const),
  );
  const userOf = new Map(staff.filter((s) => num(s.status) === 1).map((s) => [num(s.id), s.userid] as const));
  const sentTimes = new Map<number, number[]>();
  for (const r of recent) {
    const list = sentTimes.get(num(r.staff_id)) ?? [];
    list.push(fromDbTime(r.sent_at)?.getTime() ?? now.getTime());
    sentTimes.set(num(r.staff_id), list);
  }
  const setStatus = (ids: number[], status: string, error: string | null) =>
    ids.length === 0
      ? Promise.resolve()
      : ds
          .createQueryBuilder()
          .update(AlertEntity)
          .set({ status, error })
          .where('id IN (:...ids)', { ids })
          .andWhere("status = 'pending'")
          .execute();
  const defer = (ids: number[], until: Date) =>
    ids.length === 0
      ? Promise.resolve()
      : ds
          .createQueryBuilder()
          .update(AlertEntity)
          .set({ sendAfter: () => ':until' })
          .setParameter('until', dbTime(until))
          .where('id IN (:...ids)', { ids })
          .andWhere("status = 'pending'")
          .execute();

  for (const staffId of staffIds) {
    const mine = due.filter((a) => num(a.staff_id) === staffId);
    const ids = mine.map((a) => num(a.id));
    const userid = userOf.get(staffId);
    const setting = settingOf.get(staffId) ?? DEFAULT_ALERT_SETTINGS;
    if (!userid || setting.muted) {
      await setStatus(ids, 'skipped', userid ? 'muted' : 'staff_inactive');
      result.skipped += ids.length;
      continue;
    }
    const quietEnd = quietUntil(now, setting.quietStart, setting.quietEnd);
    if (quietEnd) {
      await defer(ids, quietEnd);
      result.deferred += ids.length;
      continue;
    }
    const stale = mine.filter((a) => !relevant.has(a.dedupe_key)).map((a) => num(a.id));
    await setStatus(stale, 'skipped', 'obsolete');
    result.skipped += stale.length;
    const times = sentTimes.get(staffId) ?? [];
    const live = mine.filter((a) => relevant.has(a.dedupe_key));
    const room = Math.max(0, o.maxPerHour - times.length);
    for (const alert of live.slice(0, room)) {
      const outcome = await sendOne(ds, alert, userid, now, o);
      if (outcome === 'sent') times.push(now.getTime());
      result[outcome === 'sent' ? 'sent' : outcome === 'retry' ? 'deferred' : outcome === 'failed' ? 'failed' : 'skipped'] += 1;
    }
    const over = live.slice(room).map((a) => num(a.id));
    if (over.length > 0) {
      // The sliding hour frees its next slot when the oldest of the last maxPerHour sends turns an hour old.
      const oldest = times[times.length - o.maxPerHour] ?? now.getTime();
      await defer(over, new Date(oldest + HOUR_MS));
      result.deferred += over.length;
    }
  }
  return result;
}

/** Claims one alert and sends it as a textcard to its member. */
async function sendOne(
  ds: DataSource,
  alert: AlertRow,
  userid: string,
  now: Date,
  o: DispatchOptions,
): Promise<'sent' | 'retry' | 'failed' | 'taken'> {
  const id = num(alert.id);
  const claim = await ds
    .createQueryBuilder()
    .update(AlertEntity)
    .set({ status: 'sending', sendAfter: () => ':claimed' })
    .setParameter('claimed', dbTime(now))
    .where('id = :id AND status = :s', { id, s: 'pending' })
    .execute();
  if (claim.affected !== 1) return 'taken';
  // Times are written as dbTime text so SQLite compares them with the scan's bounds exactly (see db/sql/time.ts).
  const finish = (set: { status: string; sentAt?: Date; error?: string | null; sendAfter?: Date }) =>
    ds
      .createQueryBuilder()
      .update(AlertEntity)
      .set({
        status: set.status,
        ...(set.error !== undefined ? { error: set.error } : {}),
        ...(set.sentAt ? { sentAt: () => ':sentAt' } : {}),
        ...(set.sendAfter ? { sendAfter: () => ':sendAfter' } : {}),
      })
      .setParameters({ sentAt: set.sentAt ? dbTime(set.sentAt) : null, sendAfter: set.sendAfter ? dbTime(set.sendAfter) : null })
      .where('id = :id', { id })
      .execute();
  const [title, ...rest] = [alert.title, ...alert.body.split('\n')];
  try {
    const res = await o.client.sendAppMessage(
      textcardOf({ touser: userid, agentid: o.agentId, title: title ?? '', lines: rest, url: `${o.baseUrl}${alert.url}` }),
    );
    if ((res.invaliduser ?? '').split('|').includes(userid.toLowerCase()) || (res.invaliduser ?? '').split('|').includes(userid)) {
      await finish({ status: 'failed', error: 'invaliduser' });
      return 'failed';
    }
    await finish({ status: 'sent', sentAt: now, error: null });
    return 'sent';
  } catch (err) {
    const retry = err instanceof WecomTransportError || (err instanceof WecomApiError && RETRYABLE.has(err.errcode));
    if (retry) {
      await finish({ status: 'pending', sendAfter: new Date(now.getTime() + RETRY_MS) });
      return 'retry';
    }
    const error = err instanceof WecomApiError ? `errcode ${err.errcode}` : 'error';
    log('wecom').warn({ err, alertId: id }, 'alert not delivered');
    await finish({ status: 'failed', error });
    return 'failed';
  }
}
