import type { GroupDetailResponse, GroupMembersResponse, GroupTag, GroupTagsResponse } from '@shared/api/groups.ts';
import type { RfmSegment } from '@shared/enums.ts';
import type { Actor } from '@server/auth/actor.ts';
import { audit } from '@server/audit/audit.ts';
import type { AppDeps } from '@server/context.ts';
import { groupNotFound, groupTagExists, groupTagNotFound, tagAddRemoveOverlap, unknownGroupTag } from '@server/http/error-catalog.ts';
import {
  bulkInsert,
  dbTime,
  dbTimeKey,
  fromDbTime,
  likeAnywhere,
  marks,
  num,
  rowOr404,
  select,
  selectOne,
  timeIdCursor,
} from '@server/db/sql.ts';
import { assertGroupAccess, visibleStaffIds } from '@server/policy/policy.ts';
import { segmentLabel } from '@server/features/customers/index.ts';
import { joinSceneLabel } from '@server/features/customers/index.ts';
import { presentGroupTag, presentMember, type MemberRow } from './groups.presenter.ts';

/** Resolves getCurExternalChat's chatId to our group id (404 unknown, 403 not visible). */
export async function groupIdByChat(deps: AppDeps, actor: Actor, chatId: string): Promise<number> {
  const { id } = await rowOr404<{ id: number }>(deps.ds, 'SELECT id FROM group_chat WHERE chat_id = ?', [chatId], groupNotFound);
  await assertGroupAccess(deps.ds, actor, Number(id));
  return Number(id);
}

async function groupTagsOf(deps: AppDeps, groupId: number): Promise<GroupTag[]> {
  const rows = await select<{ id: number; name: string; color: string }>(
    deps.ds,
    `SELECT t.id, t.name, t.color FROM group_chat_tag gt JOIN group_tag t ON t.id = gt.group_tag_id WHERE gt.group_id = ? ORDER BY t.name`,
    [groupId],
  );
  return rows.map(presentGroupTag);
}

/** The group owner's view: who owns it, member counts by kind, join scenes, value segments, our tags. Five set queries. */
export async function groupDetail(deps: AppDeps, actor: Actor, groupId: number): Promise<GroupDetailResponse> {
  const g = await rowOr404<Record<string, unknown>>(
    deps.ds,
    `SELECT g.id, g.chat_id, g.name, g.owner_userid, g.notice, g.create_time, g.dismissed_at, s.name AS owner_name
       FROM group_chat g LEFT JOIN staff s ON s.userid = g.owner_userid WHERE g.id = ?`,
    [groupId],
    groupNotFound,
  );
  await assertGroupAccess(deps.ds, actor, groupId);
  const [kinds, segments, tags] = await Promise.all([
    select<{ member_type: number; join_scene: number; known: number; n: unknown }>(
      deps.ds,
      `SELECT member_type, join_scene, CASE WHEN customer_id IS NULL THEN 0 ELSE 1 END AS known, COUNT(*) AS n
         FROM group_member WHERE group_id = ? AND left_at IS NULL
        GROUP BY member_type, join_scene, CASE WHEN customer_id IS NULL THEN 0 ELSE 1 END`,
      [groupId],
    ),
    select<{ segment: RfmSegment | null; n: unknown }>(
      deps.ds,
      `SELECT c.rfm_segment AS segment, COUNT(*) AS n
         FROM group_member m JOIN customer c ON c.id = m.customer_id
        WHERE m.group_id = ? AND m.left_at IS NULL AND m.member_type = 2
        GROUP BY c.rfm_segment`,
      [groupId],
    ),
    groupTagsOf(deps, groupId),
  ]);
  const counts = { total: 0, customers: 0, staff: 0, knownCustomers: 0 };
  const scenes = new Map<number, number>();
  for (const k of kinds) {
    const n = num(k.n);
    counts.total += n;
    if (Number(k.member_type) === 1) counts.staff += n;
    else {
      counts.customers += n;
      if (Number(k.known) === 1) counts.knownCustomers += n;
    }
    scenes.set(Number(k.join_scene), (scenes.get(Number(k.join_scene)) ?? 0) + n);
  }
  return {
    id: Number(g.id),
    chatId: String(g.chat_id),
    name: String(g.name),
    owner: { userid: String(g.owner_userid), name: (g.owner_name as string | null) ?? null, isMe: g.owner_userid === actor.userid },
    notice: (g.notice as string | null) || null,
    createdAt: (fromDbTime(g.create_time) ?? new Date(0)).toISOString(),
    dismissed: g.dismissed_at !== null,
    memberCounts: counts,
    joinScenes: [...scenes.entries()].sort((a, b) => a[0] - b[0]).map(([scene, count]) => ({ scene, label: joinSceneLabel(scene), count })),
    segments: segments
      .map((s) => ({ segment: s.segment ?? null, label: segmentLabel(s.segment ?? null) ?? '未分层', count: num(s.n) }))
      .sort((a, b) => b.count - a.count),
    tags,
  };
}

/**
 * Current members, newest joined first (keyset on join_time, id), with each known
 * customer's segment and tags; filters by kind, segment, corp tag, name. Page-level
 * lookups: one query for tags, one for which customers the actor may open.
 */
export async function groupMembers(
  deps: AppDeps,
  actor: Actor,
  groupId: number,
  query: { type?: 'customer' | 'staff'; segment?: RfmSegment; tagId?: string; q?: string; cursor?: string; limit: number },
): Promise<GroupMembersResponse> {
  await rowOr404(deps.ds, 'SELECT 1 FROM group_chat WHERE id = ?', [groupId], groupNotFound);
  await assertGroupAccess(deps.ds, actor, groupId);
  const where = ['m.group_id = ?', 'm.left_at IS NULL'];
  const params: unknown[] = [groupId];
  if (query.type) {
    where.push('m.member_type = ?');
    params.push(query.type === 'staff' ? 1 : 2);
  }
  if (query.segment) {
    where.push('c.rfm_segment = ?');
    params.push(query.segment);
  }
  if (query.tagId) {
    where.push(`EXISTS (SELECT 1 FROM customer_tag ct JOIN customer_follow cf ON cf.id = ct.follow_id AND cf.lost_at IS NULL
                         WHERE ct.customer_id = m.customer_id AND ct.tag_id = ?)`);
    params.push(query.tagId);
  }
  if (query.q) {
    where.push("(m.name LIKE ? ESCAPE '!' OR m.group_nickname LIKE ? ESCAPE '!' OR c.name LIKE ? ESCAPE '!')");
    const like = likeAnywhere(query.q);
    params.push(like, like, like);
  }
  if (query.cursor) {
    const [at, id] = timeIdCursor.decode(query.cursor);
    where.push('(m.join_time < ? OR (m.join_time = ? AND m.id < ?))');
    params.push(at, at, id);
  }
  const raw = await select<MemberRow>(
    deps.ds,
    `SELECT m.id, m.member_type, m.userid, m.name, m.group_nickname, m.join_time, m.join_scene, m.customer_id, m.staff_id,
            c.name AS c_name, c.avatar AS c_avatar, c.rfm_segment AS c_segment, c.lifecycle_stage AS c_stage, c.total_spent AS c_total,
            s.name AS s_name
       FROM group_member m
       LEFT JOIN customer c ON c.id = m.customer_id
       LEFT JOIN staff s ON s.id = m.staff_id
      WHERE ${where.join(' AND ')}
      ORDER BY m.join_time DESC, m.id DESC
      LIMIT ?`,
    [...params, query.limit + 1],
  );
  const page = raw.slice(0, query.limit);
  const customerIds = [
    ...new Set(
      page
        .map((r) => r.customer_id)
        .filter((v) => v !== null)
        .map(Number),
    ),
  ];
  const tags = new Map<number, Array<{ id: string; name: string }>>();
  let visible: (id: number) => boolean = () => true;
  if (customerIds.length > 0) {
    const tagRows = await select<{ customer_id: number; id: string; name: string }>(
      deps.ds,
      `SELECT DISTINCT ct.customer_id, t.id, t.name
         FROM customer_tag ct
         JOIN customer_follow f ON f.id = ct.follow_id AND f.lost_at IS NULL
         JOIN tag t ON t.id = ct.tag_id AND t.deleted = 0
        WHERE ct.customer_id IN (${marks(customerIds.length)})
        ORDER BY t.name`,
      customerIds,
    );
    for (const t of tagRows) {
      const list = tags.get(Number(t.customer_id)) ?? [];
      list.push({ id: t.id, name: t.name });
      tags.set(Number(t.customer_id), list);
    }
    const staffIds = await visibleStaffIds(deps.ds, actor);
    if (staffIds !== undefined) {
      const seen = await select<{ customer_id: number }>(
        deps.ds,
        `SELECT DISTINCT customer_id FROM customer_follow
          WHERE lost_at IS NULL AND customer_id IN (${marks(customerIds.length)}) AND staff_id IN (${marks(staffIds.length)})`,
        [...customerIds, ...staffIds],
      );
      const ok = new Set(seen.map((r) => Number(r.customer_id)));
      visible = (id) => ok.has(id);
    }
  }
  const items = page.map((r) => presentMember(r, tags, visible));
  const last = page[page.length - 1];
  const nextCursor = raw.length > query.limit && last ? timeIdCursor.encode([dbTimeKey(last.join_time), Number(last.id)]) : null;
  return { items, nextCursor };
}

/** GET /api/group-tags: every tag with the number of groups carrying it (one grouped query). */
export async function listGroupTags(deps: AppDeps, actor: Actor): Promise<GroupTagsResponse> {
  const rows = await select<{ id: number; name: string; color: string; n: unknown }>(
    deps.ds,
    `SELECT t.id, t.name, t.color, COUNT(gt.group_id) AS n
       FROM group_tag t LEFT JOIN group_chat_tag gt ON gt.group_tag_id = t.id
      GROUP BY t.id, t.name, t.color ORDER BY t.name`,
  );
  return { tags: rows.map((r) => ({ ...presentGroupTag(r), groupCount: num(r.n) })), canManage: actor.role !== 'guide' };
}

/** PATCH /api/group-tags/:id (admins and managers): rename or recolour. Audit-logged. */
export async function updateGroupTag(
  deps: AppDeps,
  actor: Actor,
  id: number,
  input: { name?: string; color?: string },
  ip: string | null,
): Promise<GroupTag> {
  return deps.ds.transaction(async (em) => {
    const row = await rowOr404<{ id: number; name: string; color: string }>(
      em,
      'SELECT id, name, color FROM group_tag WHERE id = ?',
      [id],
      groupTagNotFound,
    );
    if (input.name !== undefined && (await selectOne(em, 'SELECT 1 FROM group_tag WHERE name = ? AND id <> ?', [input.name, id])))
      throw groupTagExists();
    const next = { name: input.name ?? row.name, color: input.color ?? row.color };
    await em.query('UPDATE group_tag SET name = ?, color = ? WHERE id = ?', [next.name, next.color, id]);
    await audit(em, actor, 'group_tag.update', { type: 'group_tag', id }, { ...input }, ip);
    return presentGroupTag({ id, ...next });
  });
}

/** DELETE /api/group-tags/:id (admins and managers): the tag and its use on groups, in one transaction. Audit-logged. */
export async function deleteGroupTag(deps: AppDeps, actor: Actor, id: number, ip: string | null): Promise<void> {
  await deps.ds.transaction(async (em) => {
    const row = await rowOr404<{ name: string }>(em, 'SELECT name FROM group_tag WHERE id = ?', [id], groupTagNotFound);
    await em.query('DELETE FROM group_chat_tag WHERE group_tag_id = ?', [id]);
    await em.query('DELETE FROM group_tag WHERE id = ?', [id]);
    await audit(em, actor, 'group_tag.delete', { type: 'group_tag', id }, { name: row.name }, ip);
  });
}

/** Creates one of our group tags (admins and managers; audit-logged). */
export async function createGroupTag(
  deps: AppDeps,
  actor: Actor,
  ip: string | null,
  input: { name: string; color: string },
): Promise<GroupTag> {
  return deps.ds.transaction(async (em) => {
    if (await selectOne(em, 'SELECT 1 FROM group_tag WHERE name = ?', [input.name])) throw groupTagExists();
    await em.query('INSERT INTO group_tag (name, color, created_at) VALUES (?, ?, ?)', [input.name, input.color, dbTime(new Date())]);
    const row = await selectOne<{ id: number; name: string; color: string }>(em, 'SELECT id, name, color FROM group_tag WHERE name = ?', [
      input.name,
    ]);
    const tag = presentGroupTag(row ?? { id: 0, name: input.name, color: input.color });
    await audit(em, actor, 'group_tag.create', { type: 'group_tag', id: tag.id }, { name: input.name, color: input.color }, ip);
    return tag;
  });
}

/** Adds/removes our tags on a group (anyone who may see the group), returns the group's tags. */
export async function updateGroupTags(
  deps: AppDeps,
  actor: Actor,
  groupId: number,
  input: { add: number[]; remove: number[] },
): Promise<GroupTag[]> {
  await rowOr404(deps.ds, 'SELECT 1 FROM group_chat WHERE id = ?', [groupId], groupNotFound);
  await assertGroupAccess(deps.ds, actor, groupId);
  const add = [...new Set(input.add)];
  const remove = [...new Set(input.remove)];
  if (add.some((id) => remove.includes(id))) throw tagAddRemoveOverlap();
  if (add.length > 0) {
    const known = await select<{ id: number }>(deps.ds, `SELECT id FROM group_tag WHERE id IN (${marks(add.length)})`, add);
    const ok = new Set(known.map((r) => Number(r.id)));
    const unknown = add.filter((id) => !ok.has(id));
    if (unknown.length > 0) throw unknownGroupTag(unknown);
  }
  await deps.ds.transaction(async (em) => {
    if (add.length > 0) {
      const stamp = dbTime(new Date());
      await bulkInsert(
        em,
        'group_chat_tag',
        ['group_id', 'group_tag_id', 'created_at'],
        add.map((id) => [groupId, id, stamp]),
        { ignore: true },
      );
    }
    if (remove.length > 0) {
      await em.query(`DELETE FROM group_chat_tag WHERE group_id = ? AND group_tag_id IN (${marks(remove.length)})`, [groupId, ...remove]);
    }
  });
  return groupTagsOf(deps, groupId);
}
