import { createHash } from 'node:crypto';
import type { DemoCustomer, DemoDirectory, DemoGroupChat } from '@server/demo/types.ts';
import type { CorpSnapshot } from './state.ts';
import type { ExternalContactWire, GroupChatMemberWire, SimCustomer, SimGroupChat, SimTag, SimTagGroup, UserWire } from './types.ts';

/** member_version: a digest of the member set, changing whenever members change (pairs with Cur/LastMemVer). */
export function memberVersion(members: ReadonlyArray<{ userid: string }>): string {
  return createHash('md5')
    .update(
      members
        .map((m) => m.userid)
        .sort()
        .join(','),
    )
    .digest('hex');
}

/** The customer object WeCom answers (the generator's extra facts — phone, member_no, birthday — stay out). */
export function contactFromDemo(c: DemoCustomer): ExternalContactWire {
  return {
    external_userid: c.external_userid,
    name: c.name,
    ...(c.position !== undefined && c.type === 2 ? { position: c.position } : {}),
    avatar: c.avatar,
    ...(c.corp_name !== undefined && c.type === 2 ? { corp_name: c.corp_name } : {}),
    type: c.type,
    gender: c.gender,
    ...(c.unionid !== undefined && c.type === 1 ? { unionid: c.unionid } : {}),
  };
}

export function customerFromDemo(c: DemoCustomer): SimCustomer {
  return {
    contact: contactFromDemo(c),
    follows: c.follows.map((f) => ({
      userid: f.userid,
      remark: f.remark,
      description: f.description,
      createtime: f.createtime,
      tagIds: [...f.tag_ids],
      ...(f.remark_corp_name !== undefined ? { remark_corp_name: f.remark_corp_name } : {}),
      remark_mobiles: [...f.remark_mobiles],
      add_way: f.add_way,
      ...(f.state !== undefined ? { state: f.state } : {}),
      oper_userid: f.oper_userid,
    })),
  };
}

export function groupChatFromDemo(g: DemoGroupChat, activeOwners: ReadonlySet<string>): SimGroupChat {
  const member_list: GroupChatMemberWire[] = g.member_list.map((m) => ({
    userid: m.userid,
    type: m.type,
    join_time: m.join_time,
    join_scene: m.join_scene,
    ...(m.unionid !== undefined ? { unionid: m.unionid } : {}),
    ...(m.invitor !== undefined ? { invitor: { userid: m.invitor } } : {}),
    // Kept even when empty: the official sample carries group_nickname on every member.
    group_nickname: m.group_nickname,
    name: m.name,
  }));
  return {
    chat_id: g.chat_id,
    name: g.name,
    owner: g.owner,
    create_time: g.create_time,
    ...(g.notice ? { notice: g.notice } : {}),
    member_list,
    admin_list: g.admin_list.map((userid) => ({ userid })),
    member_version: memberVersion(member_list),
    // A chat whose owner left shows 1 (跟进人离职) until it is inherited.
    status: activeOwners.has(g.owner) ? 0 : 1,
  };
}

/** Builds the simulator's corp from the demo generator's output (the same corp a sync must reproduce). */
export function corpFromDemo(directory: DemoDirectory, customers: DemoCustomer[], groupChats: DemoGroupChat[]): CorpSnapshot {
  const users: UserWire[] = directory.staff.map((s) => ({
    userid: s.userid,
    name: s.name,
    department: s.department,
    main_department: s.main_department,
    is_leader_in_dept: s.is_leader_in_dept,
    position: s.position,
    gender: s.gender,
    avatar: s.avatar,
    status: s.status,
  }));
  const tagGroups: SimTagGroup[] = [];
  const tags: SimTag[] = [];
  for (const g of directory.tagGroups) {
    tagGroups.push({
      group_id: g.group_id,
      group_name: g.group_name,
      create_time: g.create_time,
      order: g.order,
      tagIds: g.tag.map((t) => t.id),
    });
    for (const t of g.tag) tags.push({ id: t.id, name: t.name, create_time: t.create_time, order: t.order, groupId: g.group_id });
  }
  const active = new Set(directory.staff.filter((s) => s.status === 1).map((s) => s.userid));
  return {
    departments: directory.departments.map((d) => ({ ...d })),
    users,
    followUserIds: directory.staff.filter((s) => s.is_follow_user).map((s) => s.userid),
    tagGroups,
    tags,
    customers: customers.map(customerFromDemo),
    groupChats: groupChats.map((g) => groupChatFromDemo(g, active)),
  };
}
