import type { DataSource } from 'typeorm';
import type { AlertKind } from '@shared/api/alerts.ts';
import { SOP_TRIGGER_LABELS, SOP_TRIGGERS, type SopTrigger } from '@shared/api/tasks.ts';
import { dbTime, fromDbTime, marks, num, select } from '@server/db/sql.ts';
import { clipBytes, shanghaiStamp } from './card.ts';

/** An alert to store (once: the dedupe key names the event). `url` is a sidebar path. */
export interface NewAlert {
  staffId: number;
  kind: AlertKind;
  dedupeKey: string;
  customerId: number | null;
  title: string;
  lines: string[];
  url: string;
}

/** Events older than this when first seen are stale: a scan that was down for a day does not flood the guide. */
export const LOOKBACK_MS = 24 * 3600_000;
/** Tasks from these triggers are key moments of the customer; the others are scheduled touches. */
const MOMENT_TRIGGERS: readonly string[] = ['first_order', 'silent', 'birthday', 'refund'];

const sec = (d: Date) => Math.floor(d.getTime() / 1000);
/** How the guide knows the customer: their own remark, else the WeCom name (alerts go to that guide only). */
const known = (r: { remark: string | null; name: string | null }) => r.remark || r.name || '客户';

/** 跟进提醒 whose time has come and which are not done. */
export async function reminderAlerts(ds: DataSource, now: Date): Promise<NewAlert[]> {
  const rows = await select<{
    id: unknown;
    staff_id: unknown;
    customer_id: unknown;
    content: string;
    remind_at: unknown;
    name: string | null;
    remark: string | null;
  }>(
    ds,
    `SELECT f.id, f.staff_id, f.customer_id, f.content, f.remind_at, c.name, cf.remark
       FROM follow_up f JOIN staff s ON s.id = f.staff_id AND s.status = 1 JOIN customer c ON c.id = f.customer_id
       LEFT JOIN customer_follow cf ON cf.customer_id = f.customer_id AND cf.staff_id = f.staff_id
      WHERE f.remind_at <= ? AND f.remind_at > ? AND f.done_at IS NULL`,
    [dbTime(now), dbTime(new Date(now.getTime() - LOOKBACK_MS))],
  );
  return rows.map((r) => {
    const at = fromDbTime(r.remind_at) ?? now;
    return {
      staffId: num(r.staff_id),
      kind: 'reminder',
      // A reminder moved to a new time is a new event.
      dedupeKey: `reminder:${num(r.id)}:${sec(at)}`,
      customerId: num(r.customer_id),
      title: `跟进提醒 · ${known(r)}`,
      lines: [`提醒时间 ${shanghaiStamp(at)}`, clipBytes(r.content, 300)],
      url: `/customers/${num(r.customer_id)}`,
    };
  });
}

/** Customers who deleted their guide, with the last messages of the chat before they left. */
export async function lostAlerts(ds: DataSource, now: Date): Promise<NewAlert[]> {
  const rows = await select<{
    id: unknown;
    staff_id: unknown;
    customer_id: unknown;
    lost_at: unknown;
    name: string | null;
    remark: string | null;
  }>(
    ds,
    `SELECT f.id, f.staff_id, f.customer_id, f.lost_at, c.name, f.remark
       FROM customer_follow f JOIN staff s ON s.id = f.staff_id AND s.status = 1 JOIN customer c ON c.id = f.customer_id
      WHERE f.lost_at <= ? AND f.lost_at > ? AND f.lost_reason = 'customer_deleted_staff'`,
    [dbTime(now), dbTime(new Date(now.getTime() - LOOKBACK_MS))],
  );
  if (rows.length === 0) return [];
  const last = await lastMessages(
    ds,
    rows.map((r) => ({ staffId: num(r.staff_id), customerId: num(r.customer_id), before: fromDbTime(r.lost_at) ?? now })),
  );
  return rows.map((r) => {
    const at = fromDbTime(r.lost_at) ?? now;
    const messages = last.get(`${num(r.staff_id)}:${num(r.customer_id)}`) ?? [];
    return {
      staffId: num(r.staff_id),
      kind: 'lost',
      dedupeKey: `lost:${num(r.id)}:${sec(at)}`,
      customerId: num(r.customer_id),
      title: `${known(r)} 删除了你`,
      lines: [`${shanghaiStamp(at)} 客户删除了你`, ...(messages.length > 0 ? ['删除前的聊天：', ...messages] : ['删除前没有存档的聊天'])],
      url: `/customers/${num(r.customer_id)}`,
    };
  });
}

/** The last three archived messages of each guide–customer chat before `before` (one statement for all pairs). */
async function lastMessages(
  ds: DataSource,
  pairs: Array<{ staffId: number; customerId: number; before: Date }>,
): Promise<Map<string, string[]>> {
  const earliest = Math.min(...pairs.map((p) => p.before.getTime())) - 30 * 24 * 3600_000;
  const latest = Math.max(...pairs.map((p) => p.before.getTime()));
  const customerIds = [...new Set(pairs.map((p) => p.customerId))];
  const rows = await select<{ staff_id: unknown; customer_id: unknown; direction: string | null; text: string | null; msgtime: unknown }>(
    ds,
    `SELECT staff_id, customer_id, direction, text, msgtime FROM archive_message
      WHERE customer_id IN (${marks(customerIds.length)}) AND msgtime >= ? AND msgtime <= ? AND revoked = 0 AND text IS NOT NULL
      ORDER BY msgtime DESC, id DESC`,
    [...customerIds, dbTime(new Date(earliest)), dbTime(new Date(latest))],
  );
  const out = new Map<string, string[]>();
  for (const p of pairs) {
    const key = `${p.staffId}:${p.customerId}`;
    const mine = rows
      .filter(
        (r) =>
          num(r.staff_id) === p.staffId &&
          num(r.customer_id) === p.customerId &&
          (fromDbTime(r.msgtime)?.getTime() ?? 0) <= p.before.getTime(),
      )
      .slice(0, 3)
      .reverse();
    out.set(
      key,
      mine.map((r) => `${r.direction === 'out' ? '我' : '客户'}：${clipBytes(r.text ?? '', 90)}`),
    );
  }
  return out;
}

/** Customer turns (archive reply turns) still without a reply `minutes` after they opened. */
export async function unansweredAlerts(ds: DataSource, now: Date, minutes: number): Promise<NewAlert[]> {
  if (minutes <= 0) return [];
  const rows = await select<{
    id: unknown;
    staff_id: unknown;
    customer_id: unknown;
    opened_at: unknown;
    message_count: unknown;
    text: string | null;
    name: string | null;
    remark: string | null;
  }>(
    ds,
    `SELECT t.id, t.staff_id, t.customer_id, t.opened_at, t.message_count, m.text, c.name, f.remark
       FROM reply_turn t JOIN staff s ON s.id = t.staff_id AND s.status = 1 JOIN customer c ON c.id = t.customer_id
       JOIN customer_follow f ON f.customer_id = t.customer_id AND f.staff_id = t.staff_id AND f.lost_at IS NULL
       LEFT JOIN archive_message m ON m.msgid = t.opened_msgid
      WHERE t.replied_at IS NULL AND t.opened_at <= ? AND t.opened_at > ?`,
    [dbTime(new Date(now.getTime() - minutes * 60_000)), dbTime(new Date(now.getTime() - LOOKBACK_MS))],
  );
  return rows.map((r) => {
    const opened = fromDbTime(r.opened_at) ?? now;
    const waited = Math.floor((now.getTime() - opened.getTime()) / 60_000);
    const count = num(r.message_count);
    return {
      staffId: num(r.staff_id),
      kind: 'unanswered',
      dedupeKey: `unanswered:${num(r.id)}`,
      customerId: num(r.customer_id),
      title: `${known(r)} 等你回复 ${waited >= 60 ? `${Math.floor(waited / 60)} 小时` : `${waited} 分钟`}`,
      lines: [
        `${shanghaiStamp(opened)} 发来${count > 1 ? ` ${count} 条消息` : '消息'}`,
        r.text ? `“${clipBytes(r.text, 200)}”` : '（非文字消息）',
      ],
      url: `/customers/${num(r.customer_id)}`,
    };
  });
}

/** Open SOP tasks whose due time has come: a key moment (first order, silence, birthday, refund) or a scheduled touch. */
export async function taskAlerts(ds: DataSource, now: Date): Promise<NewAlert[]> {
  const rows = await select<{
    id: unknown;
    staff_id: unknown;
    customer_id: unknown;
    group_id: unknown;
    due_at: unknown;
    rule_name: string;
    trigger_kind: string;
    days: string;
    name: string | null;
    remark: string | null;
    group_name: string | null;
  }>(
    ds,
    `SELECT t.id, t.staff_id, t.customer_id, t.group_id, t.due_at, r.name AS rule_name, r.trigger_kind, r.days,
            c.name, f.remark, g.name AS group_name
       FROM task t JOIN sop_rule r ON r.id = t.rule_id JOIN staff s ON s.id = t.staff_id AND s.status = 1
       LEFT JOIN customer c ON c.id = t.customer_id
       LEFT JOIN customer_follow f ON f.customer_id = t.customer_id AND f.staff_id = t.staff_id
       LEFT JOIN group_chat g ON g.id = t.group_id
      WHERE t.status = 'open' AND t.due_at <= ? AND t.due_at > ?`,
    [dbTime(now), dbTime(new Date(now.getTime() - LOOKBACK_MS))],
  );
  return rows.map((r) => {
    const moment = MOMENT_TRIGGERS.includes(r.trigger_kind);
    const who = r.group_id !== null ? `群「${r.group_name ?? ''}」` : known(r);
    const trigger = (SOP_TRIGGERS as readonly string[]).includes(r.trigger_kind) ? (r.trigger_kind as SopTrigger) : null;
    const label = trigger ? SOP_TRIGGER_LABELS[trigger].replace('N', r.days.split(',')[0] ?? '') : '';
    return {
      staffId: num(r.staff_id),
      kind: moment ? 'key_moment' : 'task_due',
      dedupeKey: `task:${num(r.id)}`,
      customerId: r.customer_id === null ? null : num(r.customer_id),
      title: `${moment ? '关键时刻' : '今日任务'} · ${who}`,
      lines: [`${r.rule_name}（${label}）`, `今天 ${shanghaiStamp(fromDbTime(r.due_at) ?? now).slice(-5)} 前联系，话术已备好`],
      url: r.group_id !== null ? `/groups/${num(r.group_id)}` : `/customers/${num(r.customer_id)}`,
    };
  });
}
