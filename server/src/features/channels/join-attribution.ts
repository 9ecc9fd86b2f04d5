import type { DataSource } from 'typeorm';
import { GroupJoinEntity } from '@server/entities/GroupJoin.ts';
import { insertIgnore, marks, select } from '@server/db/sql.ts';
import type { ChangeExternalChatEvent } from '@server/wecom/callback-xml.ts';
import type { WecomClient } from '@server/wecom/client.ts';

export type JoinAttributionApi = Pick<WecomClient, 'getGroupChat'>;

/**
 * Attributes the members a change_external_chat add_member brought to our join
 * codes. The callback carries no state (§5.12: only JoinScene and the userids),
 * so the chat is read with groupchat/get and each new member's `state` — the
 * join way's state they scanned — names the code. Idempotent: (chat, member) is unique.
 */
export async function recordGroupJoins(ds: DataSource, api: JoinAttributionApi, e: ChangeExternalChatEvent): Promise<number> {
  if (e.ChangeType !== 'update' || e.UpdateDetail !== 'add_member') return 0;
  const changed = new Set(e.MemChangeList ?? []);
  if (changed.size === 0) return 0;
  const chat = await api.getGroupChat(e.ChatId, false);
  const members = chat.member_list.filter((m) => changed.has(m.userid) && m.state !== undefined && m.state !== '');
  const states = [...new Set(members.map((m) => m.state ?? ''))];
  if (states.length === 0) return 0;
  const ways = await select<{ id: number; state_key: string }>(
    ds,
    `SELECT id, state_key FROM group_join_way WHERE state_key IN (${marks(states.length)})`,
    states,
  );
  const byState = new Map(ways.map((w) => [w.state_key, Number(w.id)]));
  const rows = members.flatMap((m) => {
    const joinWayId = byState.get(m.state ?? '');
    return joinWayId === undefined ? [] : [{ joinWayId, chatId: e.ChatId, memberId: m.userid, joinedAt: new Date(m.join_time * 1000) }];
  });
  return insertIgnore(ds.manager, GroupJoinEntity, rows);
}
