import type { CreateGroupSendRequest, GroupSendDetail, GroupSendList, GroupSendOptions, GroupSendPreview } from '@shared/api/group-send.ts';
import { createGroupSendRequestSchema } from '@shared/api/group-send.ts';
import { shanghaiDay } from '@shared/time.ts';
import type { Actor } from '@server/auth/actor.ts';
import type { AppDeps } from '@server/context.ts';
import { bulkInsert, dbTime, marks, rowOr404, select } from '@server/db/sql.ts';
import {
  forbiddenGroupSend,
  groupSendNoRecipients,
  groupSendNotCancellable,
  groupSendNotFound,
  groupSendRemindLimit,
  wecomGroupSendFailed,
} from '@server/http/error-catalog.ts';
import { GroupSendEntity } from '@server/entities/GroupSend.ts';
import { GroupSendMessageEntity } from '@server/entities/GroupSendMessage.ts';
import { assertStaffAccess, visibleStaffIds } from '@server/policy/policy.ts';
import { wecomClientFor } from '@server/wecom/client.ts';
import { WecomApiError, WecomTransportError } from '@server/wecom/errors.ts';
import { planTasks, wecomAttachments, type PlannedTask } from './compose.ts';
import { REMINDERS_PER_DAY, listGroupSends, loadGroupSendDetail, remindersIn24h } from './group-send.presenter.ts';
import { refreshResults } from './results.ts';
import { resolveTarget } from './targets.ts';

/** What a send would do (recipients, guides, over the daily limit, WeCom tasks, a rendered sample). */
export async function previewGroupSend(deps: AppDeps, actor: Actor, input: CreateGroupSendRequest, now: Date): Promise<GroupSendPreview> {
  const req = createGroupSendRequestSchema.parse(input);
  const { recipients, overDailyLimit } = await resolveTarget(deps.ds, actor, req.target, now);
  const tasks = await planTasks(deps.ds, req.target.chatType, req.content, recipients, now);
  const first = tasks[0];
  return {
    recipients: recipients.length,
    guides: new Set(recipients.map((r) => r.staffId)).size,
    overDailyLimit: overDailyLimit.length,
    tasks: tasks.length,
    sample: first?.recipients[0] ? { to: first.recipients[0].name, text: first.text } : null,
  };
}

function failureCode(err: unknown): string {
  if (err instanceof WecomApiError) return `errcode ${err.errcode}`;
  if (err instanceof WecomTransportError) return err.kind;
  throw err;
}

/**
 * Stores the send with its tasks and recipients (one transaction), then creates
 * each WeCom task. A task WeCom refuses leaves its recipients `failed`; ids in
 * fail_list become `unreachable`. Recipients already sent a group message today
 * are left out (counted in skipped).
 */
export async function createGroupSend(deps: AppDeps, actor: Actor, input: CreateGroupSendRequest, now: Date): Promise<GroupSendDetail> {
  const req = createGroupSendRequestSchema.parse(input);
  const { ds } = deps;
  const { recipients, overDailyLimit } = await resolveTarget(ds, actor, req.target, now);
  if (recipients.length === 0) throw groupSendNoRecipients();
  const tasks = await planTasks(ds, req.target.chatType, req.content, recipients, now);
  const day = shanghaiDay(now);
  const { sendId, messageIds } = await ds.transaction(async (em) => {
    const inserted = await em
      .createQueryBuilder()
      .insert()
      .into(GroupSendEntity)
      .values({
        chatType: req.target.chatType,
        content: req.content,
        attachments: JSON.stringify(req.attachments),
        target: JSON.stringify(req.target),
        createdBy: actor.staffId,
        status: 'sending',
        recipientCount: recipients.length,
        skippedCount: overDailyLimit.length,
        remindedAt: '[]',
        cancelledAt: null,
        resultsAt: null,
        createdAt: now,
      })
      .execute();
    const id = Number(inserted.identifiers[0]?.id);
    const ids: number[] = [];
    for (const t of tasks) {
      const message = await em
        .createQueryBuilder()
        .insert()
        .into(GroupSendMessageEntity)
        .values({ groupSendId: id, staffId: t.staffId, msgid: null, content: t.text, error: null, sentAt: null })
        .execute();
      const messageId = Number(message.identifiers[0]?.id);
      ids.push(messageId);
      await bulkInsert(
        em,
        'group_send_recipient',
        ['group_send_id', 'message_id', 'staff_id', 'customer_id', 'group_id', 'status', 'day'],
        t.recipients.map((p) => [id, messageId, p.staffId, p.customerId, p.groupId, 'pending', day]),
      );
    }
    return { sendId: id, messageIds: ids };
  });
  let created = 0;
  for (const [i, task] of tasks.entries()) {
    const messageId = messageIds[i] as number;
    created += (await createWecomTask(deps, req.target.chatType, task, req.attachments, messageId)) ? 1 : 0;
  }
  if (created === 0) await ds.query("UPDATE group_send SET status = 'failed' WHERE id = ?", [sendId]);
  return loadGroupSendDetail(ds, sendId, now);
}

async function createWecomTask(
  deps: AppDeps,
  chatType: 'single' | 'group',
  task: PlannedTask,
  attachments: CreateGroupSendRequest['attachments'],
  messageId: number,
): Promise<boolean> {
  const ids = task.recipients.map((r) => r.wecomId);
  try {
    const res = await wecomClientFor(deps).addMsgTemplate({
      chat_type: chatType,
      sender: task.staffUserid,
      ...(chatType === 'single' ? { external_userid: ids } : { chat_id_list: ids }),
      text: { content: task.text },
      attachments: wecomAttachments(attachments ?? []),
    });
    await deps.ds.query('UPDATE group_send_message SET msgid = ? WHERE id = ?', [res.msgid, messageId]);
    const failed = new Set(res.fail_list ?? []);
    const unreachable = task.recipients.filter((r) => failed.has(r.wecomId));
    await markRecipients(deps, messageId, unreachable, 'unreachable');
    return true;
  } catch (err) {
    await deps.ds.query('UPDATE group_send_message SET error = ? WHERE id = ?', [failureCode(err), messageId]);
    await deps.ds.query("UPDATE group_send_recipient SET status = 'failed' WHERE message_id = ?", [messageId]);
    return false;
  }
}

async function markRecipients(deps: AppDeps, messageId: number, list: PlannedTask['recipients'], status: string): Promise<void> {
  const customerIds = list.map((r) => r.customerId).filter((id): id is number => id !== null);
  const groupIds = list.map((r) => r.groupId).filter((id): id is number => id !== null);
  for (const [column, values] of [
    ['customer_id', customerIds],
    ['group_id', groupIds],
  ] as const) {
    if (values.length === 0) continue;
    await deps.ds.query(`UPDATE group_send_recipient SET status = ? WHERE message_id = ? AND ${column} IN (${marks(values.length)})`, [
      status,
      messageId,
      ...values,
    ]);
  }
}

/** The send's row after checking the actor may act on it (its author is in the actor's scope). */
async function loadOwnSend(deps: AppDeps, actor: Actor, id: number): Promise<{ status: string; reminded_at: string; created_by: number }> {
  const row = await rowOr404<{ status: string; reminded_at: string; created_by: number }>(
    deps.ds,
    'SELECT status, reminded_at, created_by FROM group_send WHERE id = ?',
    [id],
    groupSendNotFound,
  );
  try {
    await assertStaffAccess(deps.ds, actor, [Number(row.created_by)]);
  } catch {
    throw forbiddenGroupSend();
  }
  return row;
}

/** Detail with results fresh from WeCom (while guides are still sending). */
export async function groupSendDetail(deps: AppDeps, actor: Actor, id: number, now: Date): Promise<GroupSendDetail> {
  const row = await loadOwnSend(deps, actor, id);
  if (row.status === 'sending') await refreshResults(deps, id, now);
  return loadGroupSendDetail(deps.ds, id, now);
}

/** remind_groupmsg_send for every task not yet sent; ≤ 3 per 24 h per send. */
export async function remindGroupSend(deps: AppDeps, actor: Actor, id: number, now: Date): Promise<GroupSendDetail> {
  const row = await loadOwnSend(deps, actor, id);
  if (row.status !== 'sending') throw groupSendNotCancellable();
  const times = remindersIn24h(row.reminded_at, now);
  if (times.length >= REMINDERS_PER_DAY) throw groupSendRemindLimit();
  const waiting = await select<{ msgid: string }>(
    deps.ds,
    'SELECT msgid FROM group_send_message WHERE group_send_id = ? AND msgid IS NOT NULL AND sent_at IS NULL',
    [id],
  );
  try {
    for (const m of waiting) await wecomClientFor(deps).remindGroupMsgSend(m.msgid);
  } catch (err) {
    throw wecomFailureOf(err);
  }
  await deps.ds.query('UPDATE group_send SET reminded_at = ? WHERE id = ?', [JSON.stringify([...times, now.toISOString()]), id]);
  return loadGroupSendDetail(deps.ds, id, now);
}

/** cancel_groupmsg_send for every task; recipients still pending become cancelled (what was sent stays sent). */
export async function cancelGroupSend(deps: AppDeps, actor: Actor, id: number, now: Date): Promise<GroupSendDetail> {
  const row = await loadOwnSend(deps, actor, id);
  if (row.status !== 'sending') throw groupSendNotCancellable();
  const messages = await select<{ msgid: string }>(
    deps.ds,
    'SELECT msgid FROM group_send_message WHERE group_send_id = ? AND msgid IS NOT NULL AND sent_at IS NULL',
    [id],
  );
  try {
    for (const m of messages) await wecomClientFor(deps).cancelGroupMsgSend(m.msgid);
  } catch (err) {
    throw wecomFailureOf(err);
  }
  await deps.ds.transaction(async (em) => {
    await em.query("UPDATE group_send SET status = 'cancelled', cancelled_at = ? WHERE id = ?", [dbTime(now), id]);
    await em.query("UPDATE group_send_recipient SET status = 'cancelled' WHERE group_send_id = ? AND status = 'pending'", [id]);
  });
  return loadGroupSendDetail(deps.ds, id, now);
}

function wecomFailureOf(err: unknown): unknown {
  if (err instanceof WecomApiError) return wecomGroupSendFailed({ errcode: err.errcode });
  if (err instanceof WecomTransportError) return wecomGroupSendFailed({ kind: err.kind });
  return err;
}

/** The sends created by people in the actor's scope. */
export async function groupSendList(deps: AppDeps, actor: Actor): Promise<GroupSendList> {
  return { items: await listGroupSends(deps.ds, await visibleStaffIds(deps.ds, actor)) };
}

/** Stores, guides and group tags the composer offers (stores and guides within the actor's scope). */
export async function groupSendOptions(deps: AppDeps, actor: Actor): Promise<GroupSendOptions> {
  const scope = await visibleStaffIds(deps.ds, actor);
  const inScope = scope ? `AND s.id IN (${marks(scope.length)})` : '';
  const params = scope ?? [];
  const [stores, guides, groupTags] = await Promise.all([
    select<{ id: number; name: string }>(
      deps.ds,
      `SELECT DISTINCT d.id, d.name FROM department d JOIN staff s ON s.main_department_id = d.id
        WHERE s.status = 1 AND s.role = 'guide' ${inScope} ORDER BY d.id`,
      params,
    ),
    select<{ id: number; name: string }>(
      deps.ds,
      `SELECT s.id, s.name FROM staff s WHERE s.status = 1 AND s.role = 'guide' ${inScope} ORDER BY s.name`,
      params,
    ),
    select<{ id: number; name: string }>(deps.ds, 'SELECT id, name FROM group_tag ORDER BY id'),
  ]);
  const ids = (rows: Array<{ id: number; name: string }>) => rows.map((r) => ({ id: Number(r.id), name: r.name }));
  return { stores: ids(stores), guides: ids(guides), groupTags: ids(groupTags) };
}
