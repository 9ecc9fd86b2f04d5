import type { DataSource } from 'typeorm';
import type { ChatTasksResponse, TaskItem, TodayTasksResponse } from '@shared/api/tasks.ts';
import { renderScript } from '@shared/scripts/render.ts';
import { scriptVarsFor } from '@shared/scripts/vars.ts';
import { shanghaiDay, shanghaiDayStart, DAY_MS } from '@shared/time.ts';
import type { Actor } from '@server/auth/actor.ts';
import { dbTime, fromDbTime, rowOr404, select, selectOne } from '@server/db/sql.ts';
import { forbiddenTask, taskNotFound, taskNotOpen } from '@server/http/error-catalog.ts';
import { markContacted, recordInteractions } from '@server/features/timeline/index.ts';
import { assertCustomerAccess, assertGroupAccess } from '@server/policy/policy.ts';

const TASK_COLUMNS = `t.id, t.rule_id, r.name AS rule_name, r.content, t.due_at, t.customer_id, c.name AS customer_name,
  c.external_userid, f.salutation, t.group_id, g.name AS group_name, g.chat_id`;
const TASK_FROM = `task t JOIN sop_rule r ON r.id = t.rule_id LEFT JOIN customer c ON c.id = t.customer_id
  LEFT JOIN customer_follow f ON f.customer_id = t.customer_id AND f.staff_id = t.staff_id AND f.lost_at IS NULL
  LEFT JOIN group_chat g ON g.id = t.group_id`;

interface TaskRow {
  id: number;
  rule_id: number;
  rule_name: string;
  content: string;
  due_at: unknown;
  customer_id: number | null;
  customer_name: string | null;
  external_userid: string | null;
  salutation: string | null;
  group_id: number | null;
  group_name: string | null;
  chat_id: string | null;
}

/** The actor's name and store, for {导购姓名} and {门店}. */
async function actorVars(ds: DataSource, actor: Actor): Promise<{ name: string; store: string | null }> {
  const row = await selectOne<{ store: string | null }>(
    ds,
    'SELECT d.name AS store FROM staff s LEFT JOIN department d ON d.id = s.main_department_id WHERE s.id = ?',
    [actor.staffId],
  );
  return { name: actor.name, store: row?.store ?? null };
}

/**
 * The task with its script rendered for the actor by the shared renderer. The
 * message goes to the customer, so {客户称呼} is the guide's 称呼 for them (else their name), never the remark.
 */
function present(r: TaskRow, me: { name: string; store: string | null }, now: Date): TaskItem {
  const dueAt = fromDbTime(r.due_at) ?? now;
  const name = r.customer_name ?? '';
  const text = renderScript(
    r.content,
    scriptVarsFor({
      guide: me,
      now,
      ...(r.customer_id !== null ? { customer: { name, salutation: r.salutation } } : { group: { name: r.group_name ?? '' } }),
    }),
  );
  return {
    id: Number(r.id),
    rule: { id: Number(r.rule_id), name: r.rule_name },
    dueAt: dueAt.toISOString(),
    overdue: shanghaiDay(dueAt) < shanghaiDay(now),
    customer: r.customer_id !== null ? { id: Number(r.customer_id), name, externalUserid: r.external_userid ?? '' } : null,
    group: r.group_id !== null ? { id: Number(r.group_id), name: r.group_name ?? '', chatId: r.chat_id ?? '' } : null,
    text,
  };
}

/** The actor's open tasks due by the end of today (Asia/Shanghai): earlier days first, then today's. */
export async function todayTasks(ds: DataSource, actor: Actor, now: Date): Promise<TodayTasksResponse> {
  const end = new Date(shanghaiDayStart(shanghaiDay(now)).getTime() + DAY_MS);
  const [rows, me] = await Promise.all([
    select<TaskRow>(
      ds,
      `SELECT ${TASK_COLUMNS} FROM ${TASK_FROM} WHERE t.staff_id = ? AND t.status = 'open' AND t.due_at < ? ORDER BY t.due_at, t.id LIMIT 200`,
      [actor.staffId, dbTime(end)],
    ),
    actorVars(ds, actor),
  ]);
  const items = rows.map((r) => present(r, me, now));
  return { overdue: items.filter((t) => t.overdue), today: items.filter((t) => !t.overdue) };
}

/** The actor's open tasks for the chat that is open, and the customer's 一年六次 count. */
export async function chatTasks(
  ds: DataSource,
  actor: Actor,
  q: { customerId?: number; groupId?: number },
  now: Date,
): Promise<ChatTasksResponse> {
  if (q.customerId !== undefined) await assertCustomerAccess(ds, actor, q.customerId);
  if (q.groupId !== undefined) await assertGroupAccess(ds, actor, q.groupId);
  const column = q.customerId !== undefined ? 't.customer_id' : 't.group_id';
  const [rows, me] = await Promise.all([
    select<TaskRow>(
      ds,
      `SELECT ${TASK_COLUMNS} FROM ${TASK_FROM} WHERE ${column} = ? AND t.staff_id = ? AND t.status = 'open' ORDER BY t.due_at, t.id LIMIT 20`,
      [q.customerId ?? q.groupId, actor.staffId],
    ),
    actorVars(ds, actor),
  ]);
  return {
    items: rows.map((r) => present(r, me, now)),
    cadence: q.customerId !== undefined ? await sixTouchCount(ds, q.customerId, now) : null,
  };
}

/** 一年六次: how many of this year's six touches were done for the customer, when they are in the cadence's segment. */
export async function sixTouchCount(ds: DataSource, customerId: number, now: Date): Promise<{ done: number; total: number } | null> {
  const year = shanghaiDay(now).slice(0, 4);
  const row = await selectOne<{ done: number }>(
    ds,
    `SELECT COUNT(t.id) AS done FROM sop_rule r JOIN customer c ON c.rfm_segment = r.segment AND c.id = ?
       LEFT JOIN task t ON t.rule_id = r.id AND t.customer_id = c.id AND t.status = 'done' AND t.dedupe_key LIKE ?
      WHERE r.trigger_kind = 'six_touch' AND r.enabled = 1`,
    [customerId, `%:${year}-%`],
  );
  return row === undefined ? null : { done: Number(row.done), total: 6 };
}

/** The actor's own open task (404 unknown, 403 another guide's, 409 no longer open), with what it sends. */
async function ownOpenTask(ds: DataSource, actor: Actor, id: number): Promise<TaskRow> {
  const row = await rowOr404<TaskRow & { staff_id: number; status: string }>(
    ds,
    `SELECT ${TASK_COLUMNS}, t.staff_id, t.status FROM ${TASK_FROM} WHERE t.id = ?`,
    [id],
    taskNotFound,
  );
  if (Number(row.staff_id) !== actor.staffId) throw forbiddenTask();
  if (row.status !== 'open') throw taskNotOpen();
  return row;
}

/**
 * Done by sending its script: in the open chat (sendChatMessage) or shared from the list
 * (shareToExternal…). `text` is what the guide sent after correcting the preview; the task keeps
 * it, and the customer's (or group's) timeline gets the message as a 发送话术 item under the
 * rule's name, which also counts as contact. The item's dedupe key is the task, so a retried
 * request cannot log the send twice.
 */
export async function completeTask(
  ds: DataSource,
  actor: Actor,
  id: number,
  body: { via: 'chat' | 'share'; text?: string | undefined },
  now: Date,
): Promise<{ id: number; status: 'done' }> {
  const [row, me] = await Promise.all([ownOpenTask(ds, actor, id), actorVars(ds, actor)]);
  const template = present(row, me, now).text;
  const sent = body.text ?? template;
  await ds.transaction(async (em) => {
    await em.query("UPDATE task SET status = 'done', done_at = ?, done_via = ?, sent_text = ? WHERE id = ? AND status = 'open'", [
      dbTime(now),
      body.via,
      sent,
      id,
    ]);
    await recordInteractions(em, [
      {
        customerId: row.customer_id === null ? null : Number(row.customer_id),
        groupId: row.group_id === null ? null : Number(row.group_id),
        staffId: actor.staffId,
        type: 'script_sent',
        occurredAt: now,
        source: 'sidebar',
        dedupeKey: `task:${id}`,
        payload: { scriptTitle: row.rule_name, scriptType: 'text', text: sent, ...(sent !== template ? { edited: true } : {}) },
      },
    ]);
    if (row.customer_id !== null) await markContacted(em, Number(row.customer_id), now);
  });
  return { id, status: 'done' };
}

export async function dismissTask(
  ds: DataSource,
  actor: Actor,
  id: number,
  reason: string,
  now: Date,
): Promise<{ id: number; status: 'dismissed' }> {
  await ownOpenTask(ds, actor, id);
  await ds.query("UPDATE task SET status = 'dismissed', done_at = ?, dismiss_reason = ? WHERE id = ? AND status = 'open'", [
    dbTime(now),
    reason,
    id,
  ]);
  return { id, status: 'dismissed' };
}
