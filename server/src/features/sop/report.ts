import type { DataSource } from 'typeorm';
import type { TaskReport } from '@shared/api/tasks.ts';
import { shanghaiDayStart, DAY_MS } from '@shared/time.ts';
import { dbTime, marks, select } from '@server/db/sql.ts';

interface CountRow {
  key_id: number;
  key_name: string;
  status: string;
  overdue: number;
  n: number;
}

const STATUS_SUMS = `t.status, SUM(CASE WHEN t.status = 'open' AND t.due_at < ? THEN 1 ELSE 0 END) AS overdue, COUNT(*) AS n`;

/** Completion of the tasks due in [from, to] (Shanghai days), per guide of `staffIds` (undefined = all) and per rule. */
export async function taskReport(ds: DataSource, staffIds: number[] | undefined, from: string, to: string, now: Date): Promise<TaskReport> {
  const range = [dbTime(shanghaiDayStart(from)), dbTime(new Date(shanghaiDayStart(to).getTime() + DAY_MS))];
  const scope = staffIds ? `AND t.staff_id IN (${marks(staffIds.length)})` : '';
  const params = [dbTime(now), ...range, ...(staffIds ?? [])];
  const where = `WHERE t.due_at >= ? AND t.due_at < ? ${scope}`;
  const [guides, rules] = await Promise.all([
    select<CountRow>(
      ds,
      `SELECT s.id AS key_id, s.name AS key_name, ${STATUS_SUMS} FROM task t JOIN staff s ON s.id = t.staff_id ${where} GROUP BY s.id, s.name, t.status`,
      params,
    ),
    select<CountRow>(
      ds,
      `SELECT r.id AS key_id, r.name AS key_name, ${STATUS_SUMS} FROM task t JOIN sop_rule r ON r.id = t.rule_id ${where} GROUP BY r.id, r.name, t.status`,
      params,
    ),
  ]);
  const fold = (rows: CountRow[]) => {
    const out = new Map<
      number,
      { id: number; name: string; total: number; done: number; dismissed: number; open: number; overdue: number }
    >();
    for (const r of rows) {
      const e = out.get(Number(r.key_id)) ?? {
        id: Number(r.key_id),
        name: r.key_name,
        total: 0,
        done: 0,
        dismissed: 0,
        open: 0,
        overdue: 0,
      };
      const n = Number(r.n);
      e.total += n;
      if (r.status === 'done' || r.status === 'dismissed' || r.status === 'open') e[r.status] += n;
      e.overdue += Number(r.overdue);
      out.set(e.id, e);
    }
    return [...out.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  };
  return {
    byGuide: fold(guides).map(({ id, name, ...c }) => ({ staff: { id, name }, ...c })),
    byRule: fold(rules).map(({ id, name, ...c }) => ({ rule: { id, name }, ...c })),
  };
}
