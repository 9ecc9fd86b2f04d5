import type { DataSource } from 'typeorm';
import type {
  TeamMetrics,
  CustomerValueReport,
  GroupReport,
  NeglectedReport,
  ScriptReport,
  TeamReport,
  Trend,
} from '@shared/api/reports.ts';
import { RFM_SEGMENT_LABELS, type RfmSegment } from '@shared/enums.ts';
import { DAY_MS, shanghaiDayStart } from '@shared/time.ts';
import { daysBetween } from './rollup.ts';
import { dbTime, fromDbTime, isSqlite, marks, select, selectOne } from '@server/db/sql.ts';
import { addSums, SUM_COLUMNS, toMetrics, type SumRow } from './reports.metrics.ts';
import { BUYER_WINDOWS, buyerWindowColumn } from './rollup-metrics.ts';
import type { StaffInScope } from './reports.scope.ts';

const shiftDay = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The period of the same length right before [from, to]. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const len = daysBetween(from, to).length;
  return { from: shiftDay(from, -len), to: shiftDay(from, -1) };
}

interface PeriodSums {
  current: Map<number, SumRow>;
  previous: Map<number, SumRow>;
  /** Distinct buyers of each period, when the rollup holds them for this length. */
  buyers: { current: Map<number, number>; previous: Map<number, number> } | null;
}

/** The statement of `periodSums` (exported so the bench can send exactly it through a bare driver). */
export function periodSumsQuery(staffIds: number[], from: string, to: string): { sql: string; params: unknown[]; buyers: boolean } {
  const prev = previousPeriod(from, to);
  const column = buyerWindowColumn(daysBetween(from, to).length);
  return {
    sql: `SELECT staff_id, cur, ${SUM_COLUMNS}${column ? `, SUM(CASE WHEN day = ? OR day = ? THEN ${column} ELSE 0 END) AS period_buyers` : ''}
     FROM (
       SELECT s.*, CASE WHEN day >= ? THEN 1 ELSE 0 END AS cur FROM staff_daily_stats s
       WHERE day >= ? AND day <= ? AND staff_id IN (${marks(staffIds.length)})
     ) t GROUP BY staff_id, cur`,
    params: [...(column ? [to, prev.to] : []), from, prev.from, to, ...staffIds],
    buyers: column !== null,
  };
}

/**
 * Both periods' rollup sums per guide in one statement (the rows of the two periods are adjacent),
 * with each period's distinct buyers read from the buyer window at its last day when the period
 * has a length the rollup precomputes.
 */
async function periodSums(ds: DataSource, staffIds: number[], from: string, to: string): Promise<PeriodSums> {
  const query = periodSumsQuery(staffIds, from, to);
  const empty = (): PeriodSums => ({
    current: new Map(),
    previous: new Map(),
    buyers: query.buyers ? { current: new Map(), previous: new Map() } : null,
  });
  if (staffIds.length === 0) return empty();
  const rows = await select<SumRow>(ds, query.sql, query.params);
  const out: PeriodSums = empty();
  for (const { cur, period_buyers: buyers, ...sums } of rows) {
    const staffId = Number(sums.staff_id);
    const which = Number(cur) === 1 ? 'current' : 'previous';
    out[which].set(staffId, sums);
    out.buyers?.[which].set(staffId, Number(buyers ?? 0));
  }
  return out;
}

/** The statement of `windowSums`, or null for a period length the rollup keeps no windows for (exported for the bench). */
export function windowSumsQuery(staffIds: number[], from: string, to: string): { sql: string; params: unknown[] } | null {
  const days = daysBetween(from, to).length;
  if (!BUYER_WINDOWS.some((w) => w.days === days)) return null;
  return {
    sql: `SELECT * FROM staff_window_stats WHERE days = ? AND day IN (?, ?) AND staff_id IN (${marks(staffIds.length)})`,
    params: [days, to, previousPeriod(from, to).to, ...staffIds],
  };
}

/**
 * Both periods' sums per guide for a preset length (7, 30, 90 days) from staff_window_stats: the
 * window row at each period's last day, two rows per guide. Null when the rollup has no windows
 * for those days yet (e.g. right after the upgrade, before a rebuild), so the caller sums days.
 */
async function windowSums(ds: DataSource, staffIds: number[], from: string, to: string): Promise<PeriodSums | null> {
  const query = windowSumsQuery(staffIds, from, to);
  if (!query || staffIds.length === 0) return null;
  const prevTo = previousPeriod(from, to).to;
  const [rows, built] = await Promise.all([
    select<SumRow>(ds, query.sql, query.params),
    select<{ day: string }>(ds, 'SELECT DISTINCT day FROM staff_window_stats WHERE days = ? AND day IN (?, ?)', query.params.slice(0, 3)),
  ]);
  if (built.length < 2) return null;
  const out: PeriodSums = { current: new Map(), previous: new Map(), buyers: { current: new Map(), previous: new Map() } };
  for (const row of rows) {
    const which = String(row.day) === to ? 'current' : String(row.day) === prevTo ? 'previous' : null;
    if (!which) continue;
    out[which].set(Number(row.staff_id), row);
    out.buyers?.[which].set(Number(row.staff_id), Number(row.buyers ?? 0));
  }
  return out;
}

/** Whether to keep rows of people with no customers and no activity (a guide's own report keeps theirs). */
export interface IdleOption {
  keepIdle?: boolean;
}

/**
 * One row per guide with the period's metrics and the previous period's, plus totals; read from the
 * rollup only. People with no activity in the period and no customer relation during it (managers,
 * back-office staff) are left out unless `keepIdle`; a guide who had customers but did nothing stays.
 */
export async function teamReport(
  ds: DataSource,
  staff: StaffInScope[],
  from: string,
  to: string,
  opts: IdleOption = {},
): Promise<TeamReport> {
  const prev = previousPeriod(from, to);
  const ids = staff.map((s) => s.id);
  const sums = (await windowSums(ds, ids, from, to)) ?? (await periodSums(ds, ids, from, to));
  const { current: cur, previous: before } = sums;
  const [buyersCur, buyersPrev] = sums.buyers
    ? [sums.buyers.current, sums.buyers.previous]
    : await Promise.all([buyersFromOrders(ds, ids, from, to), buyersFromOrders(ds, ids, prev.from, prev.to)]);
  const totalCur = ids.length === 0 ? undefined : addSums(cur.values());
  const totalPrev = ids.length === 0 ? undefined : addSums(before.values());
  const withBuyers = (m: TeamMetrics, buyers: number | undefined): TeamMetrics => ({ ...m, buyers: buyers ?? 0 });
  const rows = staff.map((s) => ({
    staff: s,
    current: withBuyers(toMetrics(cur.get(s.id)), buyersCur.get(s.id)),
    previous: withBuyers(toMetrics(before.get(s.id)), buyersPrev.get(s.id)),
  }));
  const idle = opts.keepIdle ? [] : rows.filter((r) => !hasActivity(r.current)).map((r) => r.staff.id);
  const withCustomers = await staffWithCustomers(ds, idle, from, to);
  return {
    from,
    to,
    previousFrom: prev.from,
    previousTo: prev.to,
    // Idle people add nothing to the totals, so they stay as summed over the whole scope.
    rows: rows.filter((r) => !idle.includes(r.staff.id) || withCustomers.has(r.staff.id)),
    // Like every other column, the totals row is the sum of the guides' figures: a customer who bought
    // from two guides counts for each of them (as a customer added by two guides counts twice).
    totals: { current: withBuyers(toMetrics(totalCur), sumOf(buyersCur)), previous: withBuyers(toMetrics(totalPrev), sumOf(buyersPrev)) },
  };
}

const hasActivity = (m: TeamMetrics): boolean => Object.values(m).some((v) => v !== null && v !== 0);

/**
 * Of these staff, those with a customer relation that was live at some point of the period
 * (added before its end, not lost before its start); one indexed probe per person.
 */
async function staffWithCustomers(ds: DataSource, staffIds: number[], from: string, to: string): Promise<Set<number>> {
  if (staffIds.length === 0) return new Set();
  const rows = await select<{ id: number }>(
    ds,
    `SELECT s.id FROM staff s WHERE s.id IN (${marks(staffIds.length)}) AND EXISTS (
       SELECT 1 FROM customer_follow f WHERE f.staff_id = s.id AND f.added_at < ? AND (f.lost_at IS NULL OR f.lost_at >= ?))`,
    [...staffIds, dbTime(new Date(shanghaiDayStart(to).getTime() + DAY_MS)), dbTime(shanghaiDayStart(from))],
  );
  return new Set(rows.map((r) => Number(r.id)));
}

const sumOf = (byStaff: Map<number, number>): number => [...byStaff.values()].reduce((a, b) => a + b, 0);

/**
 * Each guide's distinct buyers of a period whose length the rollup does not precompute (see
 * BUYER_WINDOWS), from the orders through the (staff_id, paid_at, status, customer_id) index.
 */
async function buyersFromOrders(ds: DataSource, staffIds: number[], from: string, to: string): Promise<Map<number, number>> {
  if (staffIds.length === 0) return new Map();
  const rows = await select<{ staff_id: number; n: number | string }>(
    ds,
    `SELECT staff_id, COUNT(DISTINCT customer_id) AS n FROM orders
     WHERE staff_id IN (${marks(staffIds.length)}) AND paid_at >= ? AND paid_at < ? AND status IN ('paid', 'partially_refunded')
     GROUP BY staff_id`,
    [...staffIds, dbTime(shanghaiDayStart(from)), dbTime(new Date(shanghaiDayStart(to).getTime() + DAY_MS))],
  );
  return new Map(rows.map((r) => [Number(r.staff_id), Number(r.n)]));
}

/** Daily series for the team in scope (or one guide). */
export async function trend(ds: DataSource, staff: StaffInScope[], from: string, to: string): Promise<Trend> {
  const ids = staff.map((s) => s.id);
  const rows =
    ids.length === 0
      ? []
      : await select<SumRow>(
          ds,
          `SELECT day, ${SUM_COLUMNS} FROM staff_daily_stats
     WHERE day >= ? AND day <= ? AND staff_id IN (${marks(ids.length)}) GROUP BY day`,
          [from, to, ...ids],
        );
  const byDay = new Map(rows.map((r) => [String(r.day), r]));
  const days = daysBetween(from, to);
  return { days, series: days.map((day) => ({ day, metrics: toMetrics(byDay.get(day)) })) };
}

/** How many customers of each RFM segment each guide holds (active relations); people holding none are left out unless `keepIdle`. */
export async function customerValue(ds: DataSource, staff: StaffInScope[], opts: IdleOption = {}): Promise<CustomerValueReport> {
  const ids = staff.map((s) => s.id);
  const rows =
    ids.length === 0
      ? []
      : await select<{ staff_id: number; segment: string | null; n: number | string }>(
          ds,
          `SELECT f.staff_id, c.rfm_segment AS segment, COUNT(*) AS n
     FROM customer_follow f JOIN customer c ON c.id = f.customer_id
     WHERE f.lost_at IS NULL AND f.staff_id IN (${marks(ids.length)})
     GROUP BY f.staff_id, c.rfm_segment`,
          ids,
        );
  const bySegment = new Map<number, Record<string, number>>();
  for (const r of rows) {
    const seg = r.segment ?? 'unscored';
    const m = bySegment.get(Number(r.staff_id)) ?? {};
    m[seg] = (m[seg] ?? 0) + Number(r.n);
    bySegment.set(Number(r.staff_id), m);
  }
  const perStaff = staff.map((s) => {
    const segments = bySegment.get(s.id) ?? {};
    return { staff: { id: s.id, name: s.name }, segments, total: Object.values(segments).reduce((a, b) => a + b, 0) };
  });
  return { rows: opts.keepIdle ? perStaff : perStaff.filter((r) => r.total > 0) };
}

/** Segments whose silence costs the most: 重要价值 and the 保持/挽留 tiers. */
export const VALUABLE_SEGMENTS: RfmSegment[] = ['champion', 'at_risk_loyal', 'at_risk_low_value', 'win_back_high_value'];

/** Valuable customers nobody in scope has contacted for `days` days, most valuable first. */
export async function neglected(
  ds: DataSource,
  staff: StaffInScope[],
  days: number,
  offset: number,
  limit: number,
  now = new Date(),
): Promise<NeglectedReport> {
  const ids = staff.map((s) => s.id);
  if (ids.length === 0) return { items: [], total: 0 };
  const cutoff = dbTime(new Date(now.getTime() - days * DAY_MS));
  const where = `f.lost_at IS NULL AND f.staff_id IN (${marks(ids.length)})
    AND c.rfm_segment IN (${marks(VALUABLE_SEGMENTS.length)})
    AND (c.last_interaction_at IS NULL OR c.last_interaction_at < ?)`;
  const params = [...ids, ...VALUABLE_SEGMENTS, cutoff];
  const countRow = await selectOne<{ n: number | string }>(
    ds,
    `SELECT COUNT(*) AS n FROM customer_follow f JOIN customer c ON c.id = f.customer_id WHERE ${where}`,
    params,
  );
  const rows = await select<{
    id: number;
    name: string;
    segment: RfmSegment;
    total_spent: number | string;
    last: unknown;
    staff_id: number;
    staff_name: string;
  }>(
    ds,
    `SELECT c.id, c.name, c.rfm_segment AS segment, c.total_spent, c.last_interaction_at AS last, s.id AS staff_id, s.name AS staff_name
     FROM customer_follow f JOIN customer c ON c.id = f.customer_id JOIN staff s ON s.id = f.staff_id
     WHERE ${where} ORDER BY c.total_spent DESC, c.id LIMIT ${Number(limit)} OFFSET ${Number(offset)}`,
    params,
  );
  return {
    total: Number(countRow?.n ?? 0),
    items: rows.map((r) => {
      const last = fromDbTime(r.last);
      return {
        customerId: Number(r.id),
        name: r.name,
        segment: r.segment,
        segmentLabel: RFM_SEGMENT_LABELS[r.segment] ?? r.segment,
        totalSpent: Number(r.total_spent),
        lastInteractionAt: last?.toISOString() ?? null,
        daysSilent: last ? Math.floor((now.getTime() - last.getTime()) / DAY_MS) : null,
        staff: { id: Number(r.staff_id), name: r.staff_name },
      };
    }),
  };
}

function plusHours(ds: DataSource, column: string, hours: number): string {
  return isSqlite(ds) ? `strftime('%Y-%m-%d %H:%M:%f', ${column}, '+${hours} hours')` : `DATE_ADD(${column}, INTERVAL ${hours} HOUR)`;
}

/**
 * Per script: sends in the period, unique customers, sends answered by the customer
 * within 24 h, and sends followed by a paid order within 7 days (with GMV).
 * Correlated lookups use the (customer_id, occurred_at) and (customer_id, paid_at) indexes.
 */
export async function scriptReport(ds: DataSource, staff: StaffInScope[], from: string, to: string): Promise<ScriptReport> {
  const ids = staff.map((s) => s.id);
  if (ids.length === 0) return { rows: [] };
  const start = dbTime(shanghaiDayStart(from));
  const end = dbTime(new Date(shanghaiDayStart(to).getTime() + DAY_MS));
  const rows = await select<Record<string, number | string | null>>(
    ds,
    `SELECT x.script_id, sc.title, COUNT(*) AS sends, COUNT(DISTINCT x.customer_id) AS unique_customers,
       SUM(x.replied) AS replied, SUM(x.ordered) AS ordered, SUM(x.gmv) AS gmv
     FROM (
       SELECT s.script_id, s.customer_id,
         CASE WHEN EXISTS (
           SELECT 1 FROM interaction i WHERE i.customer_id = s.customer_id AND i.type = 'message_in'
             AND i.occurred_at > s.sent_at AND i.occurred_at <= ${plusHours(ds, 's.sent_at', 24)}
         ) THEN 1 ELSE 0 END AS replied,
         CASE WHEN EXISTS (
           SELECT 1 FROM orders o WHERE o.customer_id = s.customer_id AND o.status IN ('paid', 'partially_refunded')
             AND o.paid_at > s.sent_at AND o.paid_at <= ${plusHours(ds, 's.sent_at', 24 * 7)}
         ) THEN 1 ELSE 0 END AS ordered,
         COALESCE((
           SELECT SUM(o.paid_amount - o.refunded_amount) FROM orders o WHERE o.customer_id = s.customer_id
             AND o.status IN ('paid', 'partially_refunded')
             AND o.paid_at > s.sent_at AND o.paid_at <= ${plusHours(ds, 's.sent_at', 24 * 7)}
         ), 0) AS gmv
       FROM script_send s
       WHERE s.sent_at >= ? AND s.sent_at < ? AND s.customer_id IS NOT NULL AND s.staff_id IN (${marks(ids.length)})
     ) x JOIN script sc ON sc.id = x.script_id
     GROUP BY x.script_id, sc.title
     ORDER BY sends DESC, x.script_id`,
    [start, end, ...ids],
  );
  return {
    rows: rows.map((r) => ({
      script: { id: Number(r.script_id), title: String(r.title) },
      sends: Number(r.sends),
      uniqueCustomers: Number(r.unique_customers),
      repliedWithin24h: Number(r.replied ?? 0),
      ordersWithin7d: Number(r.ordered ?? 0),
      gmvWithin7d: Number(r.gmv ?? 0),
    })),
  };
}

/** Per group owner: live groups, members, customers, new members, group messages and active members in the period. */
export async function groupReport(ds: DataSource, staff: StaffInScope[], from: string, to: string): Promise<GroupReport> {
  const ids = staff.map((s) => s.id);
  if (ids.length === 0) return { rows: [] };
  const start = dbTime(shanghaiDayStart(from));
  const end = dbTime(new Date(shanghaiDayStart(to).getTime() + DAY_MS));
  const owners = `SELECT g.id, s.id AS staff_id FROM group_chat g JOIN staff s ON s.userid = g.owner_userid
                  WHERE g.dismissed_at IS NULL AND s.id IN (${marks(ids.length)})`;
  const [groups, members, messages] = await Promise.all([
    select<Record<string, number>>(ds, `SELECT o.staff_id, COUNT(*) AS n FROM (${owners}) o GROUP BY o.staff_id`, ids),
    select<Record<string, number>>(
      ds,
      `SELECT o.staff_id,
         SUM(CASE WHEN m.left_at IS NULL THEN 1 ELSE 0 END) AS members,
         SUM(CASE WHEN m.left_at IS NULL AND m.member_type = 2 THEN 1 ELSE 0 END) AS customers,
         SUM(CASE WHEN m.join_time >= ? AND m.join_time < ? THEN 1 ELSE 0 END) AS new_members
       FROM (${owners}) o JOIN group_member m ON m.group_id = o.id GROUP BY o.staff_id`,
      [start, end, ...ids],
    ),
    select<Record<string, number>>(
      ds,
      `SELECT o.staff_id, COUNT(*) AS messages, COUNT(DISTINCT i.customer_id) AS active
       FROM (${owners}) o JOIN interaction i ON i.group_id = o.id
       WHERE i.type = 'group_message' AND i.occurred_at >= ? AND i.occurred_at < ? GROUP BY o.staff_id`,
      [...ids, start, end],
    ),
  ]);
  const index = (list: Array<Record<string, number>>) => new Map(list.map((r) => [Number(r.staff_id), r]));
  const g = index(groups);
  const m = index(members);
  const msg = index(messages);
  return {
    rows: staff
      .filter((s) => g.has(s.id))
      .map((s) => ({
        owner: { id: s.id, name: s.name },
        groups: Number(g.get(s.id)?.n ?? 0),
        members: Number(m.get(s.id)?.members ?? 0),
        customers: Number(m.get(s.id)?.customers ?? 0),
        newMembers: Number(m.get(s.id)?.new_members ?? 0),
        messages: Number(msg.get(s.id)?.messages ?? 0),
        activeMembers: Number(msg.get(s.id)?.active ?? 0),
      })),
  };
}
