import type { DataSource } from 'typeorm';
import type { Role } from '@shared/enums.ts';
import { shanghaiDay, shanghaiDayStart } from '@shared/time.ts';
import type { Actor } from '@server/auth/actor.ts';
import { dbTime, num, select } from '@server/db/sql.ts';
import { visibleStaffIds } from '@server/policy/policy.ts';
import type { NewAlert } from './sources.ts';

/** Unanswered customers are counted over the last three days (older open turns are history, not a to-do). */
const UNANSWERED_SPAN_MS = 3 * 24 * 3600_000;

interface PerStaff {
  unanswered: number;
  reminders: number;
  tasks: number;
}

/** Each active member's open items: customers waiting for a reply, overdue reminders, tasks past due. One statement each. */
async function openItemsByStaff(ds: DataSource, now: Date, unansweredMinutes: number): Promise<Map<number, PerStaff>> {
  const dayStart = shanghaiDayStart(shanghaiDay(now));
  const [unanswered, reminders, tasks] = await Promise.all([
    select<{ staff_id: unknown; n: unknown }>(
      ds,
      `SELECT staff_id, COUNT(DISTINCT customer_id) AS n FROM reply_turn
        WHERE replied_at IS NULL AND opened_at <= ? AND opened_at > ? GROUP BY staff_id`,
      [dbTime(new Date(now.getTime() - Math.max(unansweredMinutes, 1) * 60_000)), dbTime(new Date(now.getTime() - UNANSWERED_SPAN_MS))],
    ),
    select<{ staff_id: unknown; n: unknown }>(
      ds,
      'SELECT staff_id, COUNT(*) AS n FROM follow_up WHERE done_at IS NULL AND remind_at < ? GROUP BY staff_id',
      [dbTime(dayStart)],
    ),
    select<{ staff_id: unknown; n: unknown }>(
      ds,
      "SELECT staff_id, COUNT(*) AS n FROM task WHERE status = 'open' AND due_at < ? GROUP BY staff_id",
      [dbTime(dayStart)],
    ),
  ]);
  const out = new Map<number, PerStaff>();
  const at = (id: number) => {
    const e = out.get(id) ?? { unanswered: 0, reminders: 0, tasks: 0 };
    out.set(id, e);
    return e;
  };
  for (const r of unanswered) at(num(r.staff_id)).unanswered += num(r.n);
  for (const r of reminders) at(num(r.staff_id)).reminders += num(r.n);
  for (const r of tasks) at(num(r.staff_id)).tasks += num(r.n);
  return out;
}

/** Managers and admins by effective role (ADMIN_USERIDS, stored role, or leading a department). */
async function managers(ds: DataSource, adminUserids: readonly string[]): Promise<Actor[]> {
  const rows = await select<{ id: unknown; userid: string; name: string; role: Role; leads: unknown }>(
    ds,
    `SELECT s.id, s.userid, s.name, s.role,
            (SELECT 1 FROM staff_department d WHERE d.staff_id = s.id AND d.is_leader = 1 LIMIT 1) AS leads
       FROM staff s WHERE s.status = 1 ORDER BY s.id`,
  );
  return rows.flatMap((r): Actor[] => {
    const role: Role = adminUserids.includes(r.userid) ? 'admin' : r.role === 'guide' && num(r.leads) === 1 ? 'manager' : r.role;
    return role === 'guide' ? [] : [{ staffId: num(r.id), userid: r.userid, name: r.name, role }];
  });
}

/**
 * The morning digest of each manager, over the staff they may see (the policy module's scope):
 * customers waiting for a reply, reminders past due, tasks not done — with the guides who have
 * the most. Nothing to report, no digest.
 */
export async function digestAlerts(
  ds: DataSource,
  now: Date,
  options: { adminUserids: readonly string[]; unansweredMinutes: number },
): Promise<NewAlert[]> {
  const [items, people] = await Promise.all([openItemsByStaff(ds, now, options.unansweredMinutes), managers(ds, options.adminUserids)]);
  const names = new Map(
    (await select<{ id: unknown; name: string }>(ds, 'SELECT id, name FROM staff')).map((r) => [num(r.id), r.name] as const),
  );
  const day = shanghaiDay(now);
  const out: NewAlert[] = [];
  for (const manager of people) {
    const scope = await visibleStaffIds(ds, manager);
    const mine = [...items].filter(([id]) => scope === undefined || scope.includes(id));
    const sum = (k: keyof PerStaff) => mine.reduce((n, [, v]) => n + v[k], 0);
    const top = (k: keyof PerStaff) =>
      mine
        .filter(([, v]) => v[k] > 0)
        .sort((a, b) => b[1][k] - a[1][k])
        .slice(0, 3)
        .map(([id, v]) => `${names.get(id) ?? ''} ${v[k]}`)
        .join('、');
    const totals = { unanswered: sum('unanswered'), reminders: sum('reminders'), tasks: sum('tasks') };
    if (totals.unanswered + totals.reminders + totals.tasks === 0) continue;
    const line = (label: string, k: keyof PerStaff, unit: string) => `${label} ${totals[k]} ${unit}${totals[k] > 0 ? `（${top(k)}）` : ''}`;
    out.push({
      staffId: manager.staffId,
      kind: 'digest',
      dedupeKey: `digest:${manager.staffId}:${day}`,
      customerId: null,
      title: `每日早报 · ${day.slice(5).replace('-', '月')}日`,
      lines: [
        scope === undefined ? '全公司' : `你的团队 ${scope.length} 人`,
        line('未回复客户', 'unanswered', '位'),
        line('逾期跟进提醒', 'reminders', '条'),
        line('未完成任务', 'tasks', '个'),
      ],
      url: '/reports',
    });
  }
  return out;
}
