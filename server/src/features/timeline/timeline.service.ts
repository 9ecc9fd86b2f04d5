import type { TimelineResponse } from '@shared/api/timeline.ts';
import type { InteractionSource, InteractionType } from '@shared/enums.ts';
import type { Actor } from '@server/auth/actor.ts';
import type { AppDeps } from '@server/context.ts';
import { dbTimeKey, fromDbTime, jsonObject, marks, select, timeIdCursor } from '@server/db/sql.ts';
import { assertCustomerAccess, conversationStaffIds, visibleGroupCondition } from '@server/policy/policy.ts';
import { auditChatRead } from '@server/audit/audit.ts';
import { loadCustomer } from '@server/features/customers/index.ts';
import { tagNames } from '@server/features/tags/index.ts';
import { addStateOf, presentTimelineItem, tagIdsOf, type TimelineRow } from './timeline.presenter.ts';

/** Timeline items that carry 1v1 chat text. */
const MESSAGE_TYPES: readonly InteractionType[] = ['message_in', 'message_out'];
/** Every timeline item that carries chat text (reading one is audited). */
const CHAT_TEXT_TYPES: readonly InteractionType[] = [...MESSAGE_TYPES, 'group_message'];

/**
 * A customer's interactions, newest first, keyset-paginated on (occurred_at, id)
 * over idx_interaction_customer_time; tag and group names for the page come from
 * two set queries (no per-row lookups).
 */
export async function customerTimeline(
  deps: AppDeps,
  actor: Actor,
  customerId: number,
  query: { cursor?: string; limit: number; types?: InteractionType[] },
  ip: string,
): Promise<TimelineResponse> {
  await loadCustomer(deps.ds, customerId);
  await assertCustomerAccess(deps.ds, actor, customerId);
  const where = ['i.customer_id = ?'];
  const params: unknown[] = [customerId];
  // Chat text follows the transcript's rule: other people's conversations are left out, not shown.
  const chatStaff = await conversationStaffIds(deps.ds, actor, customerId);
  if (chatStaff !== undefined) {
    where.push(`(i.type NOT IN (${marks(MESSAGE_TYPES.length)}) OR i.staff_id IN (${marks(chatStaff.length)}))`);
    params.push(...MESSAGE_TYPES, ...chatStaff);
  }
  // What the customer said in a group chat follows the group's rule: only groups the actor may see.
  const groupScope = await visibleGroupCondition(deps.ds, actor, 'i.group_id');
  if (groupScope !== undefined) {
    where.push(`(i.type <> ? OR ${groupScope.sql})`);
    params.push('group_message', ...groupScope.params);
  }
  if (query.types && query.types.length > 0) {
    where.push(`i.type IN (${marks(query.types.length)})`);
    params.push(...query.types);
  }
  if (query.cursor) {
    const [at, id] = timeIdCursor.decode(query.cursor);
    where.push('(i.occurred_at < ? OR (i.occurred_at = ? AND i.id < ?))');
    params.push(at, at, id);
  }
  const raw = await select<Record<string, unknown>>(
    deps.ds,
    `SELECT i.id, i.type, i.occurred_at, i.source, i.staff_id, i.group_id, i.payload, s.name AS staff_name
       FROM interaction i LEFT JOIN staff s ON s.id = i.staff_id
      WHERE ${where.join(' AND ')}
      ORDER BY i.occurred_at DESC, i.id DESC
      LIMIT ?`,
    [...params, query.limit + 1],
  );
  const pageRaw = raw.slice(0, query.limit);
  const rows: TimelineRow[] = pageRaw.map((r) => ({
    id: Number(r.id),
    type: r.type as InteractionType,
    occurredAt: fromDbTime(r.occurred_at) ?? new Date(0),
    source: r.source as InteractionSource,
    staffId: r.staff_id === null ? null : Number(r.staff_id),
    staffName: (r.staff_name as string | null) ?? null,
    groupId: r.group_id === null ? null : Number(r.group_id),
    payload: jsonObject(r.payload),
  }));
  const tagIds = [...new Set(rows.flatMap(tagIdsOf))];
  const groupIds = [...new Set(rows.map((r) => r.groupId).filter((g): g is number => g !== null))];
  const [names, groups] = await Promise.all([
    tagNames(deps.ds, tagIds),
    groupIds.length === 0
      ? Promise.resolve([])
      : select<{ id: number; name: string }>(deps.ds, `SELECT id, name FROM group_chat WHERE id IN (${marks(groupIds.length)})`, groupIds),
  ]);
  const groupNames = new Map(groups.map((g) => [Number(g.id), g.name]));
  const states = [...new Set(rows.map(addStateOf).filter((st): st is string => st !== null))];
  const channels =
    states.length === 0
      ? []
      : await select<{ state_key: string; name: string }>(
          deps.ds,
          `SELECT state_key, name FROM channel WHERE state_key IN (${marks(states.length)})`,
          states,
        );
  const channelNames = new Map(channels.map((c) => [c.state_key, c.name]));
  const items = rows.map((r) => presentTimelineItem(r, { tagNames: names, groupNames, channelNames }));
  const messages = rows.filter((r) => CHAT_TEXT_TYPES.includes(r.type));
  if (messages.length > 0) {
    // Reading chat text here is audited like the transcript.
    const staffIds = [...new Set(messages.filter((m) => m.type !== 'group_message').map((m) => m.staffId))];
    const chatGroupIds = [...new Set(messages.map((m) => m.groupId).filter((g): g is number => g !== null))];
    await auditChatRead(
      deps.ds.manager,
      actor,
      customerId,
      {
        via: 'timeline',
        staffIds,
        ...(chatGroupIds.length > 0 ? { groupIds: chatGroupIds } : {}),
        nextPage: Boolean(query.cursor),
        count: messages.length,
      },
      ip,
    );
  }
  const last = pageRaw[pageRaw.length - 1];
  const nextCursor = raw.length > query.limit && last ? timeIdCursor.encode([dbTimeKey(last.occurred_at), Number(last.id)]) : null;
  return { items, nextCursor };
}
