import type { DataSource } from 'typeorm';
import { DAY_MS, shanghaiDay, shanghaiDayStart } from '@shared/time.ts';
import { bulkInsert, chunks, dbTime, fromDbTime, marks, select } from '@server/db/sql.ts';

/**
 * Turns the enabled SOP rules into tasks. Every task has a dedupe key (rule,
 * target, period or moment), so running this any number of times a day creates
 * each task once. A moment is caught up to CATCH_UP_DAYS late (a missed run
 * still creates the task, due on its own day).
 */
const CATCH_UP_DAYS = 7;

interface RuleRow {
  id: number;
  trigger_kind: string;
  segment: string | null;
  days: string;
  due_hour: number;
}

/** A task to create: for a customer (assigned to their guide) or a group (its owner). */
interface Planned {
  ruleId: number;
  customerId?: number;
  groupId?: number;
  staffId?: number;
  key: string;
  /** Asia/Shanghai day it is due. */
  dueDay: string;
}

const addDays = (day: string, n: number) => shanghaiDay(new Date(shanghaiDayStart(day).getTime() + n * DAY_MS + 12 * 3600_000));
const dayList = (days: string) =>
  days
    .split(',')
    .map((d) => Number(d.trim()))
    .filter((d) => Number.isInteger(d) && d >= 0);

/** Due day within [today − CATCH_UP_DAYS, today]: the moment has come and is not too old to act on. */
const inWindow = (dueDay: string, today: string) => dueDay <= today && dueDay >= addDays(today, -CATCH_UP_DAYS);

export async function generateSopTasks(ds: DataSource, now: Date): Promise<number> {
  const rules = await select<RuleRow>(ds, 'SELECT id, trigger_kind, segment, days, due_hour FROM sop_rule WHERE enabled = 1 ORDER BY id');
  const today = shanghaiDay(now);
  let created = 0;
  for (const rule of rules) {
    const planned = await planRule(ds, rule, now, today);
    created += await insertTasks(ds, rule, planned);
  }
  return created;
}

async function planRule(ds: DataSource, rule: RuleRow, now: Date, today: string): Promise<Planned[]> {
  const id = Number(rule.id);
  const offset = dayList(rule.days)[0] ?? 0;
  const [year, month] = today.split('-').map(Number) as [number, number];
  switch (rule.trigger_kind) {
    case 'six_touch':
    case 'monthly': {
      // One touch per period: every two months (six a year) or every month.
      const period = rule.trigger_kind === 'six_touch' ? Math.floor((month - 1) / 2) + 1 : month;
      const rows = await select<{ id: number }>(ds, 'SELECT id FROM customer WHERE rfm_segment = ?', [rule.segment ?? '']);
      return rows.map((r) => ({ ruleId: id, customerId: Number(r.id), key: `sop${id}:c${r.id}:${year}-${period}`, dueDay: today }));
    }
    case 'first_order': {
      const from = new Date(shanghaiDayStart(addDays(today, -offset - CATCH_UP_DAYS)).getTime());
      const rows = await select<{ customer_id: number; first_paid: unknown }>(
        ds,
        `SELECT customer_id, MIN(paid_at) AS first_paid FROM orders WHERE customer_id IS NOT NULL AND paid_at IS NOT NULL
          GROUP BY customer_id HAVING MIN(paid_at) >= ? AND MIN(paid_at) < ?`,
        [dbTime(from), dbTime(now)],
      );
      return momentTasks(id, rows, 'first_paid', offset, today, () => 'first-order');
    }
    case 'silent': {
      const rows = await select<{ customer_id: number; last_at: unknown }>(
        ds,
        'SELECT id AS customer_id, last_interaction_at AS last_at FROM customer WHERE last_interaction_at >= ? AND last_interaction_at < ?',
        [dbTime(new Date(now.getTime() - (offset + CATCH_UP_DAYS + 1) * DAY_MS)), dbTime(new Date(now.getTime() - offset * DAY_MS))],
      );
      // A new silence (after the customer spoke again) is a new moment.
      return momentTasks(id, rows, 'last_at', offset, today, (anchor) => `silent-${anchor}`);
    }
    case 'refund': {
      const rows = await select<{ customer_id: number; refunded_at: unknown }>(
        ds,
        `SELECT customer_id, MAX(occurred_at) AS refunded_at FROM interaction
          WHERE type = 'order_refunded' AND customer_id IS NOT NULL AND occurred_at >= ? GROUP BY customer_id`,
        [dbTime(new Date(now.getTime() - (offset + CATCH_UP_DAYS + 1) * DAY_MS))],
      );
      return momentTasks(id, rows, 'refunded_at', offset, today, (anchor) => `refund-${anchor}`);
    }
    case 'birthday': {
      const rows = await select<{ id: number; birthday: string }>(
        ds,
        "SELECT id, birthday FROM customer WHERE birthday IS NOT NULL AND birthday <> ''",
      );
      const out: Planned[] = [];
      for (const r of rows) {
        // This year's birthday, or next year's when the reminder for it falls early in January.
        for (const y of [year, year + 1]) {
          const day = `${y}-${r.birthday}`;
          if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) continue;
          const dueDay = addDays(day, -offset);
          if (inWindow(dueDay, today)) out.push({ ruleId: id, customerId: Number(r.id), key: `sop${id}:c${r.id}:birthday-${y}`, dueDay });
        }
      }
      return out;
    }
    case 'group_created': {
      const list = dayList(rule.days);
      const max = Math.max(0, ...list);
      const rows = await select<{ id: number; create_time: unknown; staff_id: number }>(
        ds,
        `SELECT g.id, g.create_time, s.id AS staff_id FROM group_chat g JOIN staff s ON s.userid = g.owner_userid AND s.status = 1
          WHERE g.dismissed_at IS NULL AND g.create_time >= ?`,
        [dbTime(new Date(now.getTime() - (max + CATCH_UP_DAYS + 1) * DAY_MS))],
      );
      const out: Planned[] = [];
      for (const g of rows) {
        const created = shanghaiDay(fromDbTime(g.create_time) ?? now);
        for (const d of list) {
          const dueDay = addDays(created, d);
          if (inWindow(dueDay, today)) {
            out.push({ ruleId: id, groupId: Number(g.id), staffId: Number(g.staff_id), key: `sop${id}:g${g.id}:d${d}`, dueDay });
          }
        }
      }
      return out;
    }
    default:
      return [];
  }
}

/** Tasks due `offset` days after each customer's moment, within the catch-up window. */
function momentTasks<K extends string>(
  ruleId: number,
  rows: Array<{ customer_id: number } & Record<K, unknown>>,
  column: K,
  offset: number,
  today: string,
  moment: (anchorDay: string) => string,
): Planned[] {
  const out: Planned[] = [];
  for (const r of rows) {
    const at = fromDbTime(r[column]);
    if (!at) continue;
    const anchor = shanghaiDay(at);
    const dueDay = addDays(anchor, offset);
    if (inWindow(dueDay, today))
      out.push({ ruleId, customerId: Number(r.customer_id), key: `sop${ruleId}:c${r.customer_id}:${moment(anchor)}`, dueDay });
  }
  return out;
}

/** The guide of each customer: the latest active follow by an active staff member. */
async function guidesOf(ds: DataSource, customerIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const part of chunks(customerIds, 1000)) {
    const rows = await select<{ customer_id: number; staff_id: number }>(
      ds,
      `SELECT f.customer_id, f.staff_id FROM customer_follow f JOIN staff s ON s.id = f.staff_id AND s.status = 1
        WHERE f.lost_at IS NULL AND f.customer_id IN (${marks(part.length)}) ORDER BY f.customer_id, f.added_at DESC, f.id DESC`,
      part,
    );
    for (const r of rows) if (!out.has(Number(r.customer_id))) out.set(Number(r.customer_id), Number(r.staff_id));
  }
  return out;
}

/** INSERT IGNORE on the dedupe key: already created tasks stay as they are. Returns how many rows are new. */
async function insertTasks(ds: DataSource, rule: RuleRow, planned: Planned[]): Promise<number> {
  if (planned.length === 0) return 0;
  const guides = await guidesOf(
    ds,
    planned.map((p) => p.customerId).filter((c): c is number => c !== undefined),
  );
  const rows = planned.flatMap((p) => {
    const staffId = p.staffId ?? (p.customerId !== undefined ? guides.get(p.customerId) : undefined);
    if (staffId === undefined) return [];
    const dueAt = new Date(shanghaiDayStart(p.dueDay).getTime() + Number(rule.due_hour) * 3600_000);
    return [[p.ruleId, staffId, p.customerId ?? null, p.groupId ?? null, p.key, dueAt, 'open']];
  });
  const before = await countTasks(ds, Number(rule.id));
  await bulkInsert(ds, 'task', ['rule_id', 'staff_id', 'customer_id', 'group_id', 'dedupe_key', 'due_at', 'status'], rows, {
    ignore: true,
  });
  return (await countTasks(ds, Number(rule.id))) - before;
}

async function countTasks(ds: DataSource, ruleId: number): Promise<number> {
  const rows = await select<{ n: number }>(ds, 'SELECT COUNT(*) AS n FROM task WHERE rule_id = ?', [ruleId]);
  return Number(rows[0]?.n ?? 0);
}
