import type { HomeResponse } from '@shared/api/home.ts';
import { DAY_MS, shanghaiDay, shanghaiDayStart } from '@shared/time.ts';
import type { Actor } from '@server/auth/actor.ts';
import type { AppDeps } from '@server/context.ts';
import { dbTime, num, select } from '@server/db/sql.ts';
import { FOLLOW_UP_COLUMNS, presentFollowUp, type FollowUpRow } from '@server/features/follow-ups/index.ts';

const MAX_REMINDERS = 50;

/**
 * The guide's home: open reminders due by the end of today (Asia/Shanghai),
 * overdue first, and counts. Four indexed queries (idx_follow_up_staff_remind,
 * idx_follow_staff_added).
 */
export async function home(deps: AppDeps, actor: Actor, now = new Date()): Promise<HomeResponse> {
  const today = shanghaiDay(now);
  const dayStart = shanghaiDayStart(today);
  const dayEnd = new Date(dayStart.getTime() + DAY_MS);
  const [reminders, due, customers] = await Promise.all([
    select<FollowUpRow & { customer_name: string; customer_avatar: string | null; customer_remark: string | null }>(
      deps.ds,
      `SELECT ${FOLLOW_UP_COLUMNS}, c.name AS customer_name, c.avatar AS customer_avatar, cf.remark AS customer_remark
         FROM follow_up f
         JOIN staff s ON s.id = f.staff_id
         JOIN customer c ON c.id = f.customer_id
         LEFT JOIN customer_follow cf ON cf.customer_id = f.customer_id AND cf.staff_id = f.staff_id
        WHERE f.staff_id = ? AND f.remind_at IS NOT NULL AND f.remind_at < ? AND f.done_at IS NULL
        ORDER BY f.remind_at ASC, f.id ASC
        LIMIT ${MAX_REMINDERS}`,
      [actor.staffId, dbTime(dayEnd)],
    ),
    select<{ due: unknown; overdue: unknown }>(
      deps.ds,
      `SELECT COUNT(*) AS due, SUM(CASE WHEN remind_at < ? THEN 1 ELSE 0 END) AS overdue
         FROM follow_up WHERE staff_id = ? AND remind_at IS NOT NULL AND remind_at < ? AND done_at IS NULL`,
      [dbTime(now), actor.staffId, dbTime(dayEnd)],
    ),
    select<{ total: unknown; new_today: unknown }>(
      deps.ds,
      `SELECT COUNT(*) AS total, SUM(CASE WHEN added_at >= ? THEN 1 ELSE 0 END) AS new_today
         FROM customer_follow WHERE staff_id = ? AND lost_at IS NULL`,
      [dbTime(dayStart), actor.staffId],
    ),
  ]);
  return {
    today,
    counts: {
      myCustomers: num(customers[0]?.total),
      newToday: num(customers[0]?.new_today),
      remindersDue: num(due[0]?.due),
      overdue: num(due[0]?.overdue),
    },
    reminders: reminders.map((r) => ({
      followUp: presentFollowUp(r, actor.staffId, now),
      customer: { id: Number(r.customer_id), name: r.customer_name, remark: r.customer_remark ?? null, avatar: r.customer_avatar ?? null },
    })),
  };
}
