import type { DataSource } from 'typeorm';
import {
  CHANNEL_GROUP_LABELS,
  type ChannelGroup,
  type ChannelReport,
  type ChannelReportQuery,
  type ChannelReportRow,
} from '@shared/api/channels.ts';
import { DAY_MS, shanghaiDay, shanghaiDayStart } from '@shared/time.ts';
import { chunks, dbTime, fromDbTime, marks, select, text } from '@server/db/sql.ts';

/** One add in the period with its relation's fate. */
interface AddFact {
  channelId: number;
  channelName: string;
  group: ChannelGroup;
  customerId: number | null;
  staffId: number | null;
  guide: string | null;
  store: string | null;
  addedAt: Date;
  lostAt: Date | null;
  welcomeSent: boolean;
}

const IN_CHUNK = 500;
/** The sub-label of a group join code's row. */
const JOIN_WAY_LABEL = '群活码';

function emptyRow(key: string, label: string, sub: string | null): ChannelReportRow {
  return {
    key,
    label,
    sub,
    adds: 0,
    net7: 0,
    net30: 0,
    matured7: 0,
    matured30: 0,
    replied30: 0,
    ordered30: 0,
    gmv30: 0,
    welcomeSent: 0,
    groupJoins: 0,
  };
}

/**
 * Per-channel acquisition report over the adds made in [from, to] (Asia/Shanghai
 * days) through the channels `channelIds`: adds; net adds 7 and 30 days on (those
 * still friends, counted over adds at least that old); customers who got a
 * reply and who paid within 30 days of the add; that GMV (paid − refunded, fen);
 * welcomes sent. Rows per channel, per guide or per store, and adds per day of
 * the five largest channels for the chart. Four set-based queries (IN lists in chunks).
 */
export async function channelReport(
  ds: DataSource,
  channelIds: readonly number[],
  q: Pick<ChannelReportQuery, 'from' | 'to' | 'by'>,
  now = new Date(),
  joinWayIds: readonly number[] = [],
): Promise<ChannelReport> {
  const start = shanghaiDayStart(q.from);
  const end = new Date(shanghaiDayStart(q.to).getTime() + DAY_MS);
  const adds: AddFact[] = [];
  for (const part of chunks([...channelIds], IN_CHUNK)) {
    const rows = await select<Record<string, unknown>>(
      ds,
      `SELECT a.channel_id, ch.name AS channel_name, ch.channel_group, COALESCE(a.customer_id, cu.id) AS customer_id, a.staff_id,
              s.name AS guide, d.name AS store, a.added_at, f.lost_at, a.welcome_status
         FROM channel_add a
         JOIN channel ch ON ch.id = a.channel_id
         LEFT JOIN customer cu ON a.customer_id IS NULL AND cu.external_userid = a.external_userid
         LEFT JOIN staff s ON s.id = a.staff_id
         LEFT JOIN department d ON d.id = s.main_department_id
         LEFT JOIN customer_follow f ON f.customer_id = COALESCE(a.customer_id, cu.id) AND f.staff_id = a.staff_id
        WHERE a.channel_id IN (${marks(part.length)}) AND a.added_at >= ? AND a.added_at < ?`,
      [...part, dbTime(start), dbTime(end)],
    );
    for (const r of rows)
      adds.push({
        channelId: Number(r.channel_id),
        channelName: text(r.channel_name),
        group: text(r.channel_group) as ChannelGroup,
        customerId: r.customer_id == null ? null : Number(r.customer_id),
        staffId: r.staff_id == null ? null : Number(r.staff_id),
        guide: r.guide == null ? null : text(r.guide),
        store: r.store == null ? null : text(r.store),
        addedAt: fromDbTime(r.added_at) ?? start,
        lostAt: fromDbTime(r.lost_at),
        welcomeSent: r.welcome_status === 'sent',
      });
  }

  const customerIds = [...new Set(adds.flatMap((a) => (a.customerId === null ? [] : [a.customerId])))];
  const horizon = dbTime(new Date(end.getTime() + 30 * DAY_MS));
  const firstReply = new Map<string, Date>();
  const orders = new Map<number, Array<{ at: Date; amount: number }>>();
  for (const part of chunks(customerIds, IN_CHUNK)) {
    const [replies, paid] = await Promise.all([
      select<{ customer_id: number; staff_id: number; first_at: unknown }>(
        ds,
        `SELECT customer_id, staff_id, MIN(occurred_at) AS first_at FROM interaction
          WHERE type = 'message_out' AND customer_id IN (${marks(part.length)}) AND occurred_at >= ? AND occurred_at < ?
          GROUP BY customer_id, staff_id`,
        [...part, dbTime(start), horizon],
      ),
      select<{ customer_id: number; paid_at: unknown; amount: number | string }>(
        ds,
        `SELECT customer_id, paid_at, paid_amount - refunded_amount AS amount FROM orders
          WHERE customer_id IN (${marks(part.length)}) AND paid_at >= ? AND paid_at < ?`,
        [...part, dbTime(start), horizon],
      ),
    ]);
    for (const r of replies) {
      const at = fromDbTime(r.first_at);
      if (at) firstReply.set(`${r.customer_id}:${r.staff_id}`, at);
    }
    for (const r of paid) {
      const at = fromDbTime(r.paid_at);
      if (!at) continue;
      const list = orders.get(Number(r.customer_id)) ?? [];
      list.push({ at, amount: Number(r.amount) });
      orders.set(Number(r.customer_id), list);
    }
  }

  const rows = new Map<string, ChannelReportRow>();
  const totals = emptyRow('total', '合计', null);
  const keyOf = (a: AddFact): [string, string, string | null] => {
    if (q.by === 'guide') return [`g${a.staffId ?? 0}`, a.guide ?? '（未知导购）', a.store];
    if (q.by === 'store') return [`s${a.store ?? ''}`, a.store ?? '（未分配门店）', null];
    return [`c${a.channelId}`, a.channelName, CHANNEL_GROUP_LABELS[a.group] ?? a.group];
  };
  for (const a of adds) {
    const [key, label, sub] = keyOf(a);
    let row = rows.get(key);
    if (!row) {
      row = emptyRow(key, label, sub);
      rows.set(key, row);
    }
    const t0 = a.addedAt.getTime();
    const within = (at: Date | undefined, days: number) => !!at && at.getTime() >= t0 && at.getTime() < t0 + days * DAY_MS;
    const mature7 = now.getTime() - t0 >= 7 * DAY_MS;
    const mature30 = now.getTime() - t0 >= 30 * DAY_MS;
    const stay7 = mature7 && !(a.lostAt && a.lostAt.getTime() < t0 + 7 * DAY_MS);
    const stay30 = mature30 && !(a.lostAt && a.lostAt.getTime() < t0 + 30 * DAY_MS);
    const replied = a.customerId !== null && within(firstReply.get(`${a.customerId}:${a.staffId}`), 30);
    const paid = a.customerId === null ? [] : (orders.get(a.customerId) ?? []).filter((o) => within(o.at, 30));
    for (const r of [row, totals]) {
      r.adds += 1;
      if (mature7) r.matured7 += 1;
      if (mature30) r.matured30 += 1;
      if (stay7) r.net7 += 1;
      if (stay30) r.net30 += 1;
      if (replied) r.replied30 += 1;
      if (paid.length > 0) r.ordered30 += 1;
      r.gmv30 += paid.reduce((s, o) => s + o.amount, 0);
      if (a.welcomeSent) r.welcomeSent += 1;
    }
  }

  // Group join codes: one row each (by channel) or only the total (guides and stores do not bring group joins).
  for (const part of chunks([...joinWayIds], IN_CHUNK)) {
    const joins = await select<{ id: number; name: string; n: number | string }>(
      ds,
      `SELECT w.id, w.name, COUNT(*) AS n FROM group_join j JOIN group_join_way w ON w.id = j.join_way_id
        WHERE j.join_way_id IN (${marks(part.length)}) AND j.joined_at >= ? AND j.joined_at < ? GROUP BY w.id, w.name`,
      [...part, dbTime(start), dbTime(end)],
    );
    for (const j of joins) {
      totals.groupJoins += Number(j.n);
      if (q.by !== 'channel') continue;
      const row = emptyRow(`j${j.id}`, text(j.name), JOIN_WAY_LABEL);
      row.groupJoins = Number(j.n);
      rows.set(row.key, row);
    }
  }

  const days: string[] = [];
  for (let t = start.getTime(); t < end.getTime(); t += DAY_MS) days.push(shanghaiDay(new Date(t)));
  const byChannel = new Map<number, { label: string; values: number[] }>();
  for (const a of adds) {
    const s = byChannel.get(a.channelId) ?? { label: a.channelName, values: days.map(() => 0) };
    const i = days.indexOf(shanghaiDay(a.addedAt));
    if (i >= 0) s.values[i] = (s.values[i] ?? 0) + 1;
    byChannel.set(a.channelId, s);
  }
  const series = [...byChannel.values()].sort((x, y) => sum(y.values) - sum(x.values)).slice(0, 5);
  return {
    from: q.from,
    to: q.to,
    by: q.by,
    rows: [...rows.values()].sort((x, y) => y.adds - x.adds || y.groupJoins - x.groupJoins || x.label.localeCompare(y.label)),
    totals,
    daily: { days, series },
  };
}

function sum(values: number[]): number {
  return values.reduce((s, v) => s + v, 0);
}
