import type { SimState } from './state.ts';
import type { SimFollow, SimGroupChat } from './types.ts';

/** Corp tags of a relation that still exist (a deleted corp tag silently disappears from customers). */
function liveTags(state: SimState, follow: SimFollow) {
  const out: Array<{ group_name: string; tag_name: string; tag_id: string; type: 1 }> = [];
  for (const id of follow.tagIds) {
    const tag = state.tags.get(id);
    const group = tag && state.tagGroups.get(tag.groupId);
    if (tag && group) out.push({ group_name: group.group_name, tag_name: tag.name, tag_id: tag.id, type: 1 });
  }
  return out;
}

/** The fields shared by follow_user (get) and follow_info (batch/get_by_user); optional ones omitted when unset. */
function followBase(follow: SimFollow): Record<string, unknown> {
  return {
    userid: follow.userid,
    remark: follow.remark,
    description: follow.description,
    createtime: follow.createtime,
    ...(follow.remark_corp_name ? { remark_corp_name: follow.remark_corp_name } : {}),
    ...(follow.remark_mobiles.length > 0 ? { remark_mobiles: follow.remark_mobiles } : {}),
    oper_userid: follow.oper_userid,
    add_way: follow.add_way,
    ...(follow.state ? { state: follow.state } : {}),
  };
}

/** follow_user[] item of externalcontact/get: tags as objects, `tags` omitted when there are none. */
export function renderFollowUser(state: SimState, follow: SimFollow): Record<string, unknown> {
  const tags = liveTags(state, follow);
  const base = followBase(follow);
  return tags.length > 0 ? { ...base, tags } : base;
}

/** follow_info of batch/get_by_user: tags as tag_id[] only. */
export function renderFollowInfo(state: SimState, follow: SimFollow): Record<string, unknown> {
  return { ...followBase(follow), tag_id: liveTags(state, follow).map((t) => t.tag_id) };
}

/** group_chat of groupchat/get; member `name` only with need_name=1. */
export function renderGroupChat(chat: SimGroupChat, needName: boolean): Record<string, unknown> {
  return {
    chat_id: chat.chat_id,
    name: chat.name,
    owner: chat.owner,
    create_time: chat.create_time,
    ...(chat.notice ? { notice: chat.notice } : {}),
    member_list: chat.member_list.map((m) => {
      if (needName) return m;
      const { name: _name, ...rest } = m;
      return rest;
    }),
    admin_list: chat.admin_list,
    member_version: chat.member_version,
  };
}
