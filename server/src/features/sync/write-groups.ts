import { In, type EntityManager } from 'typeorm';
import type { InteractionSource } from '@shared/enums.ts';
import { CustomerEntity } from '@server/entities/Customer.ts';
import { GroupChatEntity, type GroupChat as GroupChatRow } from '@server/entities/GroupChat.ts';
import { GroupMemberEntity, type GroupMember } from '@server/entities/GroupMember.ts';
import type { GroupChat } from '@server/wecom/schemas.ts';
import { recordInteractions, type NewInteraction } from '@server/features/timeline/index.ts';
import { upsertRows } from '@server/db/sql.ts';
import { dedupeKey, fromUnix, orNull, sameTime } from './values.ts';

export interface WriteGroupsContext {
  now: Date;
  source: InteractionSource;
  runId?: number;
  staffIds: Map<string, number>;
}

export interface WriteGroupsResult {
  groupsWritten: number;
  membersJoined: number;
  membersLeft: number;
  membersChanged: number;
  interactions: number;
}

const CHAT_UPDATE = [
  'name',
  'owner_userid',
  'notice',
  'status',
  'create_time',
  'dismissed_at',
  'member_count',
  'customer_count',
  'last_seen_sync_id',
  'updated_at',
];
const MEMBER_UPDATE = [
  'member_type',
  'unionid',
  'customer_id',
  'staff_id',
  'name',
  'group_nickname',
  'join_time',
  'join_scene',
  'invitor_userid',
  'left_at',
];

/**
 * Writes group chats as groupchat/get reports them (in the caller's transaction):
 * upserts changed chats, restores dismissed ones that reappear, upserts members,
 * marks members no longer listed as left (rows are kept), and appends
 * group_join / group_leave interactions under dedupe keys.
 */
export async function writeGroupChats(
  manager: EntityManager,
  chats: Array<{ chat: GroupChat; status: number }>,
  ctx: WriteGroupsContext,
): Promise<WriteGroupsResult> {
  const result: WriteGroupsResult = { groupsWritten: 0, membersJoined: 0, membersLeft: 0, membersChanged: 0, interactions: 0 };
  if (chats.length === 0) return result;
  const chatIds = chats.map((c) => c.chat.chat_id);
  const chatRepo = manager.getRepository(GroupChatEntity);
  const oldChats = new Map((await chatRepo.find({ where: { chatId: In(chatIds) } })).map((c) => [c.chatId, c]));
  const rows: Array<Partial<GroupChatRow>> = [];
  const seenOnly: number[] = [];
  for (const { chat, status } of chats) {
    const old = oldChats.get(chat.chat_id);
    const next = {
      chatId: chat.chat_id,
      name: chat.name,
      ownerUserid: chat.owner,
      notice: orNull(chat.notice),
      status,
      createTime: fromUnix(chat.create_time),
      dismissedAt: null,
      memberCount: chat.member_list.length,
      customerCount: chat.member_list.filter((m) => m.type === 2).length,
      lastSeenSyncId: ctx.runId ?? old?.lastSeenSyncId ?? null,
    };
    const changed =
      !old ||
      old.name !== next.name ||
      old.ownerUserid !== next.ownerUserid ||
      old.notice !== next.notice ||
      old.status !== next.status ||
      !sameTime(old.createTime, next.createTime) ||
      old.dismissedAt !== null ||
      old.memberCount !== next.memberCount ||
      old.customerCount !== next.customerCount;
    if (changed) rows.push({ ...next, updatedAt: ctx.now });
    else if (ctx.runId !== undefined && old.lastSeenSyncId !== ctx.runId) seenOnly.push(old.id);
  }
  result.groupsWritten = await upsertRows(manager, GroupChatEntity, rows, CHAT_UPDATE, ['chat_id']);
  if (seenOnly.length > 0) {
    await manager
      .createQueryBuilder()
      .update(GroupChatEntity)
      .set({ lastSeenSyncId: ctx.runId ?? null, updatedAt: () => 'updated_at' })
      .where({ id: In(seenOnly) })
      .updateEntity(false)
      .execute();
  }
  const groupId = new Map(
    (await chatRepo.find({ where: { chatId: In(chatIds) }, select: { id: true, chatId: true } })).map((c) => [c.chatId, c.id]),
  );

  // Customers among the members (null when the external contact is no one's customer here).
  const extIds = [...new Set(chats.flatMap((c) => c.chat.member_list.filter((m) => m.type === 2).map((m) => m.userid)))];
  const customerIds = new Map<string, number>();
  for (let i = 0; i < extIds.length; i += 1000) {
    const found = await manager
      .getRepository(CustomerEntity)
      .find({ where: { externalUserid: In(extIds.slice(i, i + 1000)) }, select: { id: true, externalUserid: true } });
    for (const c of found) customerIds.set(c.externalUserid, c.id);
  }

  const gids = [...groupId.values()];
  const oldMembers = await manager.getRepository(GroupMemberEntity).find({ where: { groupId: In(gids) } });
  const memberByKey = new Map(oldMembers.map((m) => [`${m.groupId}:${m.userid}`, m]));
  const memberRows: Array<Partial<GroupMember>> = [];
  const interactions: NewInteraction[] = [];
  const listed = new Set<string>();
  for (const { chat } of chats) {
    const gid = groupId.get(chat.chat_id)!;
    for (const m of chat.member_list) {
      const key = `${gid}:${m.userid}`;
      listed.add(key);
      const old = memberByKey.get(key);
      const next = {
        groupId: gid,
        memberType: m.type,
        userid: m.userid,
        unionid: orNull(m.unionid),
        customerId: m.type === 2 ? (customerIds.get(m.userid) ?? null) : null,
        staffId: m.type === 1 ? (ctx.staffIds.get(m.userid) ?? null) : null,
        name: orNull(m.name),
        groupNickname: orNull(m.group_nickname),
        joinTime: fromUnix(m.join_time),
        joinScene: m.join_scene,
        invitorUserid: orNull(m.invitor?.userid),
        leftAt: null,
      };
      const changed =
        !old ||
        old.memberType !== next.memberType ||
        old.unionid !== next.unionid ||
        old.customerId !== next.customerId ||
        old.staffId !== next.staffId ||
        old.name !== next.name ||
        old.groupNickname !== next.groupNickname ||
        !sameTime(old.joinTime, next.joinTime) ||
        old.joinScene !== next.joinScene ||
        old.invitorUserid !== next.invitorUserid ||
        old.leftAt !== null;
      if (!changed) continue;
      memberRows.push(next);
      if (!old || old.leftAt !== null || !sameTime(old.joinTime, next.joinTime)) {
        result.membersJoined += 1;
        interactions.push({
          customerId: next.customerId,
          staffId: next.staffId,
          groupId: gid,
          type: 'group_join',
          occurredAt: next.joinTime,
          source: ctx.source,
          dedupeKey: dedupeKey('group_join', chat.chat_id, m.userid, m.join_time),
          payload: { chatId: chat.chat_id, userid: m.userid, memberType: m.type, joinScene: m.join_scene },
        });
      } else result.membersChanged += 1;
    }
  }
  await upsertRows(manager, GroupMemberEntity, memberRows, MEMBER_UPDATE, ['group_id', 'userid']);

  const left = oldMembers.filter((m) => m.leftAt === null && !listed.has(`${m.groupId}:${m.userid}`));
  if (left.length > 0) {
    await manager.getRepository(GroupMemberEntity).update({ id: In(left.map((m) => m.id)) }, { leftAt: ctx.now });
    result.membersLeft = left.length;
    const chatIdOf = new Map([...groupId].map(([chatId, gid]) => [gid, chatId]));
    for (const m of left) {
      interactions.push({
        customerId: m.customerId,
        staffId: m.staffId,
        groupId: m.groupId,
        type: 'group_leave',
        occurredAt: ctx.now,
        source: ctx.source,
        dedupeKey: dedupeKey(
          'group_leave',
          chatIdOf.get(m.groupId) ?? m.groupId,
          m.userid,
          Math.floor(new Date(m.joinTime).getTime() / 1000),
        ),
        payload: { chatId: chatIdOf.get(m.groupId) ?? null, userid: m.userid, memberType: m.memberType },
      });
    }
  }
  result.interactions = interactions.length;
  await recordInteractions(manager, interactions);
  return result;
}

/** Marks groups dismissed (rows and members kept; open members get left_at). */
export async function dismissGroups(
  manager: EntityManager,
  groupIds: number[],
  ctx: { now: Date; source: InteractionSource },
): Promise<number> {
  if (groupIds.length === 0) return 0;
  await manager.getRepository(GroupChatEntity).update({ id: In(groupIds) }, { dismissedAt: ctx.now, updatedAt: ctx.now });
  return groupIds.length;
}
