import type { DataSource, EntityManager } from 'typeorm';
import { DAY_MS, shanghaiDay, shanghaiDayStart } from '@shared/time.ts';
import { BUYER_WINDOWS, COUNTER_METRICS } from './rollup-metrics.ts';
import {
  bulkInsert,
  chunks,
  dayNumberOf,
  dayOfNumber,
  dbTime,
  isSqlite,
  rowsPerStatement,
  select,
  shanghaiDayExpr,
  shanghaiDayNumberExpr,
} from '@server/db/sql.ts';

type Row = Record<string, number | null> & { staff_id: number; day: string };
type Num = number | string | null;

/** Every day from `from` to `to` inclusive ('YYYY-MM-DD'). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * Recomputes staff_daily_stats for the Shanghai days [from, to] from the source
 * tables, set-based (one GROUP BY per source over the whole range), and replaces
 * those days in one transaction. Idempotent: running it twice gives the same rows,
 * which is also how the rollup is kept current (today and yesterday, frequently).
 */
export async function rebuildRollup(ds: DataSource, from: string, to: string, now = new Date()): Promise<{ rows: number }> {
  const start = dbTime(shanghaiDayStart(from));
  const end = dbTime(new Date(shanghaiDayStart(to).getTime() + DAY_MS));
  const rows = new Map<string, Row>();
  const add = (list: Array<Record<string, Num>>) => {
    for (const r of list) {
      const staffId = Number(r.staff_id);
      const day = String(r.day);
      const key = `${staffId}|${day}`;
      const row = rows.get(key) ?? ({ staff_id: staffId, day } as Row);
      for (const [k, v] of Object.entries(r)) {
        if (k === 'staff_id' || k === 'day') continue;
        row[k] = v === null ? null : Number(v);
      }
      rows.set(key, row);
    }
  };
  const q = (sql: string, params: unknown[]) => select<Record<string, Num>>(ds, sql, params);
  const dayOf = (col: string) => shanghaiDayExpr(ds, col);

  // A customer a colleague handed over (a completed transfer to this guide) is not a new customer.
  add(
    await q(
      `SELECT f.staff_id, ${dayOf('f.added_at')} AS day, COUNT(*) AS new_customers
     FROM customer_follow f WHERE f.added_at >= ? AND f.added_at < ?
       AND NOT EXISTS (SELECT 1 FROM transfer_item t
                        WHERE t.customer_id = f.customer_id AND t.state = 'transferred' AND t.takeover_staff_id = f.staff_id)
     GROUP BY f.staff_id, ${dayOf('f.added_at')}`,
      [start, end],
    ),
  );
  add(
    await q(
      `SELECT staff_id, ${dayOf('lost_at')} AS day,
       SUM(CASE WHEN lost_reason = 'customer_deleted_staff' THEN 1 ELSE 0 END) AS lost_by_customer,
       SUM(CASE WHEN lost_reason = 'staff_deleted_customer' THEN 1 ELSE 0 END) AS lost_by_staff
     FROM customer_follow WHERE lost_at >= ? AND lost_at < ? GROUP BY staff_id, ${dayOf('lost_at')}`,
      [start, end],
    ),
  );
  add(
    await q(
      `SELECT staff_id, day,
       COUNT(DISTINCT CASE WHEN type IN ('message_in', 'message_out') THEN customer_id END) AS chats,
       SUM(CASE WHEN type = 'message_out' THEN 1 ELSE 0 END) AS messages_sent,
       SUM(CASE WHEN type = 'message_in' THEN 1 ELSE 0 END) AS messages_received,
       SUM(CASE WHEN type = 'tag_added' THEN 1 ELSE 0 END) AS tags_applied
     FROM interaction
     WHERE day >= ? AND day <= ? AND staff_id IS NOT NULL AND type IN ('message_in', 'message_out', 'tag_added')
     GROUP BY staff_id, day`,
      [from, to],
    ),
  );
  add(
    await q(`SELECT staff_id, day, COUNT(*) AS scripts_sent FROM script_send WHERE day >= ? AND day <= ? GROUP BY staff_id, day`, [
      from,
      to,
    ]),
  );
  add(
    await q(
      `SELECT staff_id, ${dayOf('created_at')} AS day, COUNT(*) AS follow_ups_written
     FROM follow_up WHERE created_at >= ? AND created_at < ? GROUP BY staff_id, ${dayOf('created_at')}`,
      [start, end],
    ),
  );
  add(
    await q(
      `SELECT staff_id, ${dayOf('done_at')} AS day, COUNT(*) AS reminders_done
     FROM follow_up WHERE remind_at IS NOT NULL AND done_at >= ? AND done_at < ? GROUP BY staff_id, ${dayOf('done_at')}`,
      [start, end],
    ),
  );
  // Overdue: the reminder time has passed and it was not done by the end of its own day.
  add(
    await q(
      `SELECT staff_id, ${dayOf('remind_at')} AS day, COUNT(*) AS reminders_overdue
     FROM follow_up
     WHERE remind_at >= ? AND remind_at < ? AND remind_at < ?
       AND (done_at IS NULL OR ${dayOf('done_at')} > ${dayOf('remind_at')})
     GROUP BY staff_id, ${dayOf('remind_at')}`,
      [start, end, dbTime(now)],
    ),
  );
  add(
    await q(
      `SELECT staff_id, ${dayOf('paid_at')} AS day, COUNT(*) AS orders, COUNT(DISTINCT customer_id) AS buyers,
       SUM(paid_amount - refunded_amount) AS gmv
     FROM orders
     WHERE staff_id IS NOT NULL AND paid_at >= ? AND paid_at < ? AND status IN ('paid', 'partially_refunded')
     GROUP BY staff_id, ${dayOf('paid_at')}`,
      [start, end],
    ),
  );
  add(await buyerWindows(ds, from, to));
  add(
    await q(
      `SELECT staff_id, day, COUNT(*) AS turns_opened,
       SUM(CASE WHEN replied_at IS NOT NULL THEN 1 ELSE 0 END) AS turns_replied,
       SUM(CASE WHEN replied_at IS NOT NULL THEN reply_seconds ELSE 0 END) AS reply_seconds_sum,
       SUM(CASE WHEN replied_at IS NULL THEN 1 ELSE 0 END) AS unanswered
     FROM reply_turn WHERE day >= ? AND day <= ? AND staff_id IS NOT NULL GROUP BY staff_id, day`,
      [from, to],
    ),
  );
  add(
    await q(
      `SELECT staff_id, day, chat_cnt AS wecom_chat_cnt, message_cnt AS wecom_message_cnt,
       reply_percentage AS wecom_reply_percentage, avg_reply_time AS wecom_avg_reply_time,
       negative_feedback_cnt AS wecom_negative_feedback_cnt, new_apply_cnt AS wecom_new_apply_cnt,
       new_contact_cnt AS wecom_new_contact_cnt
     FROM wecom_behavior_stat WHERE day >= ? AND day <= ?`,
      [from, to],
    ),
  );

  const windows = BUYER_WINDOWS.map((w) => w.column);
  const columns = ['staff_id', 'day', ...COUNTER_METRICS, ...windows, 'wecom_reply_percentage', 'wecom_avg_reply_time', 'updated_at'];
  const stamp = dbTime(now);
  const values = [...rows.values()].map((r) => [
    r.staff_id,
    r.day,
    ...COUNTER_METRICS.map((k) => r[k] ?? 0),
    ...windows.map((k) => r[k] ?? 0),
    r.wecom_reply_percentage ?? null,
    r.wecom_avg_reply_time ?? null,
    stamp,
  ]);
  await ds.transaction(async (em) => {
    await em.query('DELETE FROM staff_daily_stats WHERE day >= ? AND day <= ?', [from, to]);
    // Stay under SQLite's bound-parameter limit (32766) and MySQL's packet size.
    await bulkInsert(em, 'staff_daily_stats', columns, values, { chunk: rowsPerStatement(columns.length, isSqlite(ds) ? 30000 : 60000) });
    await rebuildWindows(em, from, to);
  });
  return { rows: values.length };
}

/**
 * Per guide and day of [from, to]: the distinct customers who bought from the guide in the 7, 30 and
 * 90 days ending on that day, without expanding every purchase over the days it counts for.
 *
 * A customer's purchase days p₁ < p₂ < … with a guide make them count in window N on the days
 * ∪ [pᵢ, pᵢ + N − 1]. Each purchase adds the part of its interval the previous one did not cover,
 * [max(pᵢ, pᵢ₋₁ + N), pᵢ + N − 1]: disjoint pieces, so the count on a day is the number of pieces
 * covering it, i.e. a running sum of +1 at each piece's start and −1 after its end. SQL turns the
 * orders into those events (summed per guide and day, everything before `from` into one opening
 * sum); the running sum over the days is taken here. A guide gets a row on every day a window holds
 * a buyer, so a report finds it at the period's last day.
 */
async function buyerWindows(ds: DataSource, from: string, to: string): Promise<Array<Record<string, Num>>> {
  const widest = Math.max(...BUYER_WINDOWS.map((w) => w.days));
  const first = dayNumberOf(ds, from);
  const last = dayNumberOf(ds, to);
  // Purchases from 2N − 1 days before `from`: those of the last N days make pieces that reach it, and
  // theirs predecessors within N days decide where those pieces start.
  const since = dayOfNumber(ds, first - 2 * widest + 1);
  const pday = shanghaiDayNumberExpr(ds, 'paid_at');
  const zero = BUYER_WINDOWS.map(() => 0);
  const events = BUYER_WINDOWS.flatMap((w, i) => {
    const cols = (v: number) => zero.map((_, j) => `${j === i ? v : 0} AS w${j}`).join(', ');
    return [
      `SELECT staff_id, CASE WHEN prev IS NULL OR prev + ${w.days} < p THEN p ELSE prev + ${w.days} END AS day, ${cols(1)} FROM x`,
      `SELECT staff_id, p + ${w.days} AS day, ${cols(-1)} FROM x`,
    ];
  });
  const sums = BUYER_WINDOWS.map((_, j) => `SUM(w${j}) AS w${j}`).join(', ');
  const rows = await select<Record<string, number | string>>(
    ds,
    `WITH pd AS (
       SELECT staff_id, customer_id, ${pday} AS p FROM orders
       WHERE staff_id IS NOT NULL AND customer_id IS NOT NULL AND paid_at >= ? AND paid_at < ?
         AND status IN ('paid', 'partially_refunded')
       GROUP BY staff_id, customer_id, ${pday}
     ), x AS (
       SELECT staff_id, p, LAG(p) OVER (PARTITION BY staff_id, customer_id ORDER BY p) AS prev FROM pd
     )
     SELECT staff_id, day, ${sums} FROM (
       SELECT staff_id, CASE WHEN day < ? THEN ? ELSE day END AS day, ${zero.map((_, j) => `w${j}`).join(', ')}
       FROM (${events.join(' UNION ALL ')}) e WHERE day <= ?
     ) y GROUP BY staff_id, day`,
    [dbTime(shanghaiDayStart(since)), dbTime(new Date(shanghaiDayStart(to).getTime() + DAY_MS)), first, first, last],
  );
  const byStaff = new Map<number, Map<number, number[]>>();
  for (const r of rows) {
    const staffId = Number(r.staff_id);
    const days = byStaff.get(staffId) ?? new Map<number, number[]>();
    days.set(
      Number(r.day),
      zero.map((_, j) => Number(r[`w${j}`] ?? 0)),
    );
    byStaff.set(staffId, days);
  }
  const out: Array<Record<string, Num>> = [];
  for (const [staffId, deltas] of byStaff) {
    const running = [...zero];
    for (let d = first; d <= last; d++) {
      deltas.get(d)?.forEach((v, j) => (running[j] = (running[j] ?? 0) + v));
      if (running.some((v) => v > 0)) {
        out.push({
          staff_id: staffId,
          day: dayOfNumber(ds, d),
          ...Object.fromEntries(BUYER_WINDOWS.map((w, j) => [w.column, running[j] ?? 0])),
        });
      }
    }
  }
  return out;
}

/**
 * staff_window_stats for every day whose window holds a rebuilt day: [from, to] and the 89 days after
 * it that the rollup has (a rebuilt past day changes the sums of the windows that hold it). Set-based:
 * the days × windows joined to the daily rows they cover, one GROUP BY per chunk of days.
 */
export async function rebuildWindows(em: DataSource | EntityManager, from: string, to: string): Promise<void> {
  const widest = Math.max(...BUYER_WINDOWS.map((w) => w.days));
  const latest = await select<{ day: string | null }>(em, 'SELECT MAX(day) AS day FROM staff_daily_stats');
  const until = [to, latest[0]?.day ?? to].sort()[1] ?? to;
  const last = [until, shiftDay(to, widest - 1)].sort()[0] ?? to;
  const days = daysBetween(from, last);
  await em.query('DELETE FROM staff_window_stats WHERE day >= ? AND day <= ?', [from, last]);
  const names = WINDOW_SUMS.map(([name]) => name);
  // Three windows a day; SQLite allows at most 500 terms in a compound SELECT.
  for (const part of chunks(days, 150)) {
    const spans = part.flatMap((day) => BUYER_WINDOWS.map((w) => [day, w.days, shiftDay(day, 1 - w.days)] as const));
    await em.query(
      `INSERT INTO staff_window_stats (staff_id, day, days, ${names.join(', ')})
       SELECT s.staff_id, d.day, d.days, ${WINDOW_SUMS.map(([, expr]) => expr).join(', ')}
       FROM (${spans.map(() => 'SELECT ? AS day, ? AS days, ? AS start').join(' UNION ALL ')}) d
       JOIN staff_daily_stats s ON s.day >= d.start AND s.day <= d.day
       GROUP BY s.staff_id, d.day, d.days`,
      spans.flat(),
    );
  }
}

const shiftDay = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** The columns of staff_window_stats and how each sums the daily rows of a window `d` (aliases of SUM_COLUMNS). */
const WINDOW_SUMS: ReadonlyArray<readonly [string, string]> = [
  ...COUNTER_METRICS.filter((k) => k !== 'buyers').map((k) => [k, `SUM(s.${k})`] as const),
  // Distinct buyers cannot be summed: the buyer window of the window's last day.
  [
    'buyers',
    `SUM(CASE WHEN s.day = d.day THEN (CASE d.days ${BUYER_WINDOWS.map((w) => `WHEN ${w.days} THEN s.${w.column}`).join(' ')} ELSE 0 END) ELSE 0 END)`,
  ],
  ['wecom_reply_percentage_sum', 'COALESCE(SUM(s.wecom_reply_percentage), 0)'],
  ['wecom_reply_percentage_days', 'COUNT(s.wecom_reply_percentage)'],
  ['wecom_avg_reply_time_sum', 'COALESCE(SUM(s.wecom_avg_reply_time), 0)'],
  ['wecom_avg_reply_time_days', 'COUNT(s.wecom_avg_reply_time)'],
];

/** Keeps today's and yesterday's rows current (run by the frequent rollup job). */
export async function refreshRecentRollup(ds: DataSource, now = new Date()): Promise<{ rows: number }> {
  return rebuildRollup(ds, shanghaiDay(new Date(now.getTime() - DAY_MS)), shanghaiDay(now), now);
}
