/**
 * What the guides did around the chats and orders already loaded: script sends (话术) —
 * some shortly before a customer wrote back, some a few days before an order, the rest
 * with nothing following — and 跟进记录 with reminders (done on time, done late, overdue,
 * due today, upcoming, plain notes). Built from the database's orders and archived
 * messages, so the 话术 effectiveness report has signal; deterministic from the seed.
 */
import type { DataSource } from 'typeorm';
import { DAY_MS, shanghaiDay, shanghaiDayStart } from '@shared/time.ts';
import type { ScriptType } from '@shared/enums.ts';
import { bulkInsert, dbTime, fromDbTime, select } from '@server/db/sql.ts';
import { recordInteractions, type NewInteraction } from '@server/features/timeline/index.ts';
import { rngFor, type Rng } from '../random.ts';
import type { DemoOptions } from '../types.ts';
import { inTransaction, nextId } from './sql.ts';

const HOUR_MS = 3_600_000;
/** How far back the activity goes (the archive's span). */
export const ACTIVITY_DAYS = 180;

interface ScriptRow {
  id: number;
  title: string;
  type: ScriptType;
  folder: string;
}

/** Which folders a guide reaches for: before a purchase, to start a chat, and any time. */
const BEFORE_ORDER = ['产品推荐', '挽回优惠', '生日祝福'];
const OPENERS = ['欢迎语/问候', '售后关怀', '产品推荐'];

const FOLLOW_UPS = [
  '到店试用了粉底液，色号 02 合适，下周到货后通知',
  '对价格比较敏感，会员日再联系',
  '敏感肌，推荐了积雪草修护面霜，一周后回访用后感受',
  '想给妈妈买生日礼物，预算 500 左右，到货后推荐礼盒',
  '孩子小，周末才方便到店，周六上午提醒',
  '面霜用完了，提醒复购',
  '换货已登记，跟进门店是否到货',
  '投诉门店排队久，已送券，三天后回访',
  '过敏退款已处理，回访是否好转',
  '新品唇釉到店后邀请试色',
];

/** Guides weight scripts unevenly: a few favourites get most sends, as in a real library. */
function favourite(r: Rng, scripts: ScriptRow[]): ScriptRow {
  return r.weighted(scripts.map((s, i) => [s, 1 + ((i * 7) % 5) ** 2] as const));
}

export async function seedActivity(ds: DataSource, o: DemoOptions): Promise<Record<string, number>> {
  const now = o.now.getTime();
  const since = now - ACTIVITY_DAYS * DAY_MS;
  const scripts = await select<{ id: number | string; title: string; type: ScriptType; folder: string | null }>(
    ds,
    `SELECT s.id, s.title, s.type, f.name AS folder FROM script s LEFT JOIN script_folder f ON f.id = s.folder_id
      WHERE s.deleted_at IS NULL AND s.for_group = 0 ORDER BY s.id`,
  ).then((rows) => rows.map((s) => ({ id: Number(s.id), title: s.title, type: s.type, folder: s.folder ?? '' })));
  if (scripts.length === 0) return { script_send: 0, follow_up: 0 };
  const inFolders = (names: string[]) => {
    const list = scripts.filter((s) => names.includes(s.folder));
    return list.length > 0 ? list : scripts;
  };
  const beforeOrder = inFolders(BEFORE_ORDER);
  const openers = inFolders(OPENERS);

  const orders = await select<{ customer_id: number | string; staff_id: number | string; paid_at: unknown }>(
    ds,
    `SELECT customer_id, staff_id, paid_at FROM orders
      WHERE staff_id IS NOT NULL AND customer_id IS NOT NULL AND status IN ('paid', 'partially_refunded') AND paid_at >= ?
      ORDER BY id`,
    [dbTime(since)],
  );
  const incoming = await select<{ customer_id: number | string; staff_id: number | string; occurred_at: unknown }>(
    ds,
    `SELECT customer_id, staff_id, occurred_at FROM interaction
      WHERE type = 'message_in' AND source = 'archive' AND staff_id IS NOT NULL AND customer_id IS NOT NULL AND occurred_at >= ?
      ORDER BY id`,
    [dbTime(since)],
  );
  const follows = await select<{ customer_id: number | string; staff_id: number | string; added_at: unknown }>(
    ds,
    'SELECT customer_id, staff_id, added_at FROM customer_follow WHERE lost_at IS NULL ORDER BY id',
  );

  const sends: Array<{ scriptId: number; staffId: number; customerId: number; at: number }> = [];
  const send = (r: Rng, list: ScriptRow[], staffId: number, customerId: number, at: number) => {
    if (at < since || at >= now) return;
    sends.push({ scriptId: favourite(r, list).id, staffId, customerId, at });
  };
  orders.forEach((row, k) => {
    const r = rngFor(o.seed, 'activity-order', k);
    const paid = fromDbTime(row.paid_at)?.getTime() ?? 0;
    if (r.chance(0.3)) send(r, beforeOrder, Number(row.staff_id), Number(row.customer_id), paid - r.int(2 * HOUR_MS, 6 * DAY_MS));
  });
  incoming.forEach((row, k) => {
    const r = rngFor(o.seed, 'activity-reply', k);
    const at = fromDbTime(row.occurred_at)?.getTime() ?? 0;
    if (r.chance(0.1)) send(r, openers, Number(row.staff_id), Number(row.customer_id), at - r.int(20 * 60_000, 20 * HOUR_MS));
  });
  follows.forEach((row, k) => {
    const r = rngFor(o.seed, 'activity-follow', k);
    const added = Math.max(since, fromDbTime(row.added_at)?.getTime() ?? since);
    for (let n = r.chance(0.5) ? r.int(1, 2) : 0; n > 0; n--)
      send(r, scripts, Number(row.staff_id), Number(row.customer_id), r.int(added, now - HOUR_MS));
  });
  sends.sort((a, b) => a.at - b.at || a.staffId - b.staffId || a.customerId - b.customerId);

  // Follow-ups: about one per six relations, spread over the guides' customers.
  const byScript = new Map(scripts.map((s) => [s.id, s]));
  const followUps: Array<{
    id: number;
    customerId: number;
    staffId: number;
    content: string;
    created: number;
    remind: number | null;
    done: number | null;
  }> = [];
  let followUpId = await nextId(ds, 'follow_up');
  const today = shanghaiDayStart(shanghaiDay(new Date(now))).getTime();
  follows.forEach((row, k) => {
    const r = rngFor(o.seed, 'activity-follow-up', k);
    if (!r.chance(0.16)) return;
    const kind = r.weighted([
      ['done', 40],
      ['overdue', 14],
      ['today', 14],
      ['upcoming', 16],
      ['note', 16],
    ] as const);
    let created = now - r.int(1, 80) * DAY_MS - r.int(0, 10) * HOUR_MS;
    let remind: number | null = null;
    let done: number | null = null;
    if (kind === 'done') {
      remind = created + r.int(1, 10) * DAY_MS;
      done = remind + (r.chance(0.8) ? r.int(0, 6) * HOUR_MS : r.int(2, 4) * DAY_MS);
      if (done >= now) done = now - HOUR_MS;
    } else if (kind === 'overdue') remind = now - r.int(1, 12) * DAY_MS;
    else if (kind === 'today') {
      // 10:00–20:00 Shanghai today; some were already done this morning.
      remind = today + r.int(10, 20) * HOUR_MS;
      if (remind < now && r.chance(0.4)) done = Math.min(now - 60_000, remind + r.int(10, 90) * 60_000);
    } else if (kind === 'upcoming') remind = now + r.int(1, 14) * DAY_MS;
    if (remind !== null && created > remind) created = remind - r.int(1, 5) * DAY_MS;
    followUps.push({
      id: followUpId++,
      customerId: Number(row.customer_id),
      staffId: Number(row.staff_id),
      content: r.pick(FOLLOW_UPS),
      created,
      remind: remind !== null ? Math.floor(remind / 60_000) * 60_000 : null,
      done,
    });
  });

  const timeline: NewInteraction[] = [];
  sends.forEach((s, n) => {
    const script = byScript.get(s.scriptId);
    if (!script) return;
    timeline.push({
      customerId: s.customerId,
      staffId: s.staffId,
      type: 'script_sent',
      occurredAt: new Date(s.at),
      source: 'seed',
      dedupeKey: `demo-act:send:${n}`,
      payload: { scriptId: script.id, scriptTitle: script.title, scriptType: script.type },
    });
  });
  for (const f of followUps) {
    timeline.push({
      customerId: f.customerId,
      staffId: f.staffId,
      type: 'note',
      occurredAt: new Date(f.created),
      source: 'seed',
      dedupeKey: `demo-act:note:${f.id}`,
      payload: { followUpId: f.id, content: f.content, remindAt: f.remind === null ? null : new Date(f.remind).toISOString() },
    });
    if (f.done !== null)
      timeline.push({
        customerId: f.customerId,
        staffId: f.staffId,
        type: 'follow_up_done',
        occurredAt: new Date(f.done),
        source: 'seed',
        dedupeKey: `demo-act:done:${f.id}`,
        payload: { followUpId: f.id, content: f.content },
      });
  }
  timeline.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());

  await inTransaction(ds, async (qr) => {
    await bulkInsert(
      qr,
      'script_send',
      ['script_id', 'staff_id', 'customer_id', 'group_id', 'sent_at', 'day'],
      sends.map((s) => [s.scriptId, s.staffId, s.customerId, null, dbTime(s.at), shanghaiDay(new Date(s.at))]),
    );
    await bulkInsert(
      qr,
      'follow_up',
      ['id', 'customer_id', 'staff_id', 'content', 'remind_at', 'done_at', 'created_at', 'updated_at'],
      followUps.map((f) => [
        f.id,
        f.customerId,
        f.staffId,
        f.content,
        dbTime(f.remind),
        dbTime(f.done),
        dbTime(f.created),
        dbTime(f.done ?? f.created),
      ]),
    );
    await recordInteractions(qr.manager, timeline);
    await qr.query(
      `UPDATE script SET send_count = (SELECT COUNT(*) FROM script_send x WHERE x.script_id = script.id),
         last_sent_at = (SELECT MAX(x.sent_at) FROM script_send x WHERE x.script_id = script.id)`,
    );
  });
  return { script_send: sends.length, follow_up: followUps.length, interaction: timeline.length };
}
