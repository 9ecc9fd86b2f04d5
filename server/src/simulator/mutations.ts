import { z } from 'zod';
import type { CallbackRecord, CallbackSender } from './callbacks.ts';
import type { EventFields } from './event-xml.ts';
import { memberVersion } from './load-corp.ts';
import type { SimState } from './state.ts';
import { createTags, deleteTags, editTag } from './tag-ops.ts';
import type { ExternalContactWire, GroupChatMemberWire, SimFollow, SimGroupChat } from './types.ts';
import { WxError } from './wx-error.ts';

/** A mutation request that cannot be applied (admin answers it with this HTTP status). */
export class SimMutationError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'SimMutationError';
  }
}

const now = () => Math.floor(Date.now() / 1000);

export const addFollowSchema = z.object({
  userid: z.string().min(1),
  /** An existing customer; omitted = a new customer made by the demo generator. */
  external_userid: z.string().optional(),
  /** Overrides for a new customer's profile. */
  customer: z
    .object({
      name: z.string().min(1).optional(),
      type: z.union([z.literal(1), z.literal(2)]).optional(),
      gender: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
    })
    .optional(),
  remark: z.string().max(20).default(''),
  description: z.string().max(150).default(''),
  add_way: z.number().int().default(1),
  /** 「联系我」 state (channel); also sent as State in the event. */
  state: z.string().max(30).optional(),
  tag_ids: z.array(z.string()).default([]),
  remark_mobiles: z.array(z.string()).default([]),
  oper_userid: z.string().optional(),
  /** add_half_external_contact (免验证, before the member confirmed) instead of add_external_contact. */
  half: z.boolean().default(false),
});
export const deleteFollowSchema = z.object({
  userid: z.string().min(1),
  external_userid: z.string().min(1),
  /** customer = the customer deleted the guide (del_follow_user); staff = the guide deleted the customer (del_external_contact). */
  by: z.enum(['customer', 'staff']),
});
export const editCustomerSchema = z.object({
  userid: z.string().min(1),
  external_userid: z.string().min(1),
  remark: z.string().max(20).optional(),
  description: z.string().max(150).optional(),
  remark_corp_name: z.string().max(20).optional(),
  remark_mobiles: z.array(z.string()).optional(),
  add_tag: z.array(z.string()).optional(),
  remove_tag: z.array(z.string()).optional(),
  /** Customer-side profile changes (WeChat nickname/avatar). */
  name: z.string().min(1).optional(),
  avatar: z.string().optional(),
});
export const createCorpTagSchema = z.object({
  group_id: z.string().optional(),
  group_name: z.string().min(1).max(30).optional(),
  order: z.number().int().min(0).optional(),
  tag: z.array(z.object({ name: z.string().min(1).max(30), order: z.number().int().min(0).optional() })).min(1),
});
export const updateCorpTagSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1).max(30).optional(),
  order: z.number().int().min(0).optional(),
});
export const deleteCorpTagSchema = z.object({ tag_id: z.array(z.string()).optional(), group_id: z.array(z.string()).optional() });
export const createGroupChatSchema = z.object({
  owner: z.string().min(1),
  name: z.string().max(100).default(''),
  notice: z.string().optional(),
  /** Other members: member userids or customers' external_userids. */
  members: z.array(z.string()).default([]),
});
export const updateGroupChatSchema = z.discriminatedUnion('update_detail', [
  z.object({
    chat_id: z.string(),
    update_detail: z.literal('add_member'),
    members: z.array(z.string()).min(1),
    join_scene: z.number().int().default(0),
  }),
  z.object({
    chat_id: z.string(),
    update_detail: z.literal('del_member'),
    members: z.array(z.string()).min(1),
    quit_scene: z.number().int().default(0),
  }),
  z.object({ chat_id: z.string(), update_detail: z.literal('change_owner'), owner: z.string().min(1) }),
  z.object({ chat_id: z.string(), update_detail: z.literal('change_name'), name: z.string().max(100) }),
  z.object({ chat_id: z.string(), update_detail: z.literal('change_notice'), notice: z.string() }),
]);
export const dismissGroupChatSchema = z.object({ chat_id: z.string().min(1) });

export interface MutationResult<T> {
  result: T;
  /** The callback(s) pushed for this change, in order. */
  callbacks: CallbackRecord[];
}

export interface MutationDeps {
  state: SimState;
  callbacks: CallbackSender;
  /** Profile of the n-th customer added through mutations (from the demo generator, so it looks like the rest). */
  newContact: (n: number) => ExternalContactWire;
}

/** Tag-library errors come out of the shared tag ops as WeCom errors; admin callers get a 4xx instead. */
function asMutationError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof WxError) throw new SimMutationError(err.errcode === 40071 ? 409 : err.errcode === 40068 ? 404 : 400, err.message);
    throw err;
  }
}

/**
 * Changes made "in the WeCom client or admin console": each changes the state
 * AND pushes the callback WeCom would push (§9.4). Changes made through the
 * API (/cgi-bin remark, mark_tag, add_corp_tag…) are in the route modules and push nothing.
 */
export function createMutations({ state, callbacks, newContact }: MutationDeps) {
  let added = 0;

  const contactEvent = (changeType: string, userid: string, externalUserid: string, extra: EventFields = []) =>
    callbacks.push({
      event: 'change_external_contact',
      fields: [['ChangeType', changeType], ['UserID', userid], ['ExternalUserID', externalUserid], ...extra],
    });
  const tagEvent = (changeType: 'create' | 'update' | 'delete', id: string, type: 'tag' | 'tag_group') =>
    callbacks.push({
      event: 'change_external_tag',
      fields: [
        ['Id', id],
        ['TagType', type],
        ['ChangeType', changeType],
      ],
    });
  const chatEvent = (chatId: string, changeType: 'create' | 'update' | 'dismiss', extra: EventFields = []) =>
    callbacks.push({ event: 'change_external_chat', fields: [['ChatId', chatId], ['ChangeType', changeType], ...extra] });

  const requireUser = (userid: string) => {
    if (!state.users.has(userid)) throw new SimMutationError(404, `no member ${userid}`);
  };
  const requireChat = (chatId: string): SimGroupChat => {
    const chat = state.groupChats.get(chatId);
    if (!chat) throw new SimMutationError(404, `no group chat ${chatId}`);
    return chat;
  };
  const requireTags = (ids: string[]) => {
    for (const id of ids) if (!state.tags.has(id)) throw new SimMutationError(404, `no corp tag ${id}`);
  };
  const memberFor = (id: string, invitor: string | undefined, joinScene: number, at: number): GroupChatMemberWire => {
    const user = state.users.get(id);
    if (user)
      return {
        userid: id,
        type: 1,
        join_time: at,
        join_scene: joinScene,
        ...(invitor ? { invitor: { userid: invitor } } : {}),
        name: user.name,
      };
    const customer = state.customers.get(id);
    if (!customer) throw new SimMutationError(404, `no member or customer ${id}`);
    const c = customer.contact;
    return {
      userid: id,
      type: 2,
      join_time: at,
      join_scene: joinScene,
      ...(c.unionid ? { unionid: c.unionid } : {}),
      ...(invitor ? { invitor: { userid: invitor } } : {}),
      name: c.name,
    };
  };

  return {
    /** A member added a customer (new or existing): add_external_contact with State and WelcomeCode. */
    addFollow(
      input: z.input<typeof addFollowSchema>,
    ): MutationResult<{ external_userid: string; follow: SimFollow; welcome_code: string }> {
      const p = addFollowSchema.parse(input);
      requireUser(p.userid);
      requireTags(p.tag_ids);
      let externalUserid = p.external_userid;
      if (externalUserid !== undefined) {
        const customer = state.customers.get(externalUserid);
        if (!customer) throw new SimMutationError(404, `no customer ${externalUserid}`);
        if (customer.follows.some((f) => f.userid === p.userid))
          throw new SimMutationError(409, `${p.userid} already follows ${externalUserid}`);
      } else {
        let contact = newContact(added++);
        while (state.customers.has(contact.external_userid)) contact = newContact(added++);
        const type = p.customer?.type ?? contact.type;
        contact = {
          ...contact,
          ...(p.customer?.name ? { name: p.customer.name } : {}),
          ...(p.customer?.gender !== undefined ? { gender: p.customer.gender } : {}),
          type,
        };
        if (type === 1) {
          delete contact.position;
          delete contact.corp_name;
          delete contact.corp_full_name;
        }
        state.addCustomer(contact);
        externalUserid = contact.external_userid;
      }
      const follow: SimFollow = {
        userid: p.userid,
        remark: p.remark,
        description: p.description,
        createtime: now(),
        tagIds: p.tag_ids,
        remark_mobiles: p.remark_mobiles,
        add_way: p.add_way,
        ...(p.state ? { state: p.state } : {}),
        oper_userid: p.oper_userid ?? externalUserid,
      };
      state.putFollow(externalUserid, follow);
      const welcomeCode = state.acquisition.issueWelcomeCode(p.userid, externalUserid);
      const extra: EventFields = [...(p.state ? ([['State', p.state]] as EventFields) : []), ['WelcomeCode', welcomeCode]];
      return {
        result: { external_userid: externalUserid, follow, welcome_code: welcomeCode },
        callbacks: [contactEvent(p.half ? 'add_half_external_contact' : 'add_external_contact', p.userid, externalUserid, extra)],
      };
    },

    /** The relation ends: by the customer (del_follow_user) or by the member (del_external_contact). */
    deleteFollow(input: z.input<typeof deleteFollowSchema>): MutationResult<{ removed: true }> {
      const p = deleteFollowSchema.parse(input);
      if (!state.removeFollow(p.userid, p.external_userid))
        throw new SimMutationError(404, `${p.userid} does not follow ${p.external_userid}`);
      const type = p.by === 'customer' ? 'del_follow_user' : 'del_external_contact';
      return { result: { removed: true }, callbacks: [contactEvent(type, p.userid, p.external_userid)] };
    },

    /**
     * The member edited remark/description/tags in the client: edit_external_contact.
     * Like WeCom, no event when only remark_mobiles or the customer's own profile changed.
     */
    editCustomer(input: z.input<typeof editCustomerSchema>): MutationResult<{ follow: SimFollow }> {
      const p = editCustomerSchema.parse(input);
      const customer = state.customers.get(p.external_userid);
      const follow = customer?.follows.find((f) => f.userid === p.userid);
      if (!customer || !follow) throw new SimMutationError(404, `${p.userid} does not follow ${p.external_userid}`);
      requireTags([...(p.add_tag ?? []), ...(p.remove_tag ?? [])]);
      if (p.name !== undefined) customer.contact.name = p.name;
      if (p.avatar !== undefined) customer.contact.avatar = p.avatar;
      if (p.remark_mobiles !== undefined) follow.remark_mobiles = p.remark_mobiles.filter((m) => m !== '');
      const notify = [p.remark, p.description, p.remark_corp_name, p.add_tag, p.remove_tag].some((v) => v !== undefined);
      if (p.remark !== undefined) follow.remark = p.remark;
      if (p.description !== undefined) follow.description = p.description;
      if (p.remark_corp_name !== undefined) follow.remark_corp_name = p.remark_corp_name || undefined;
      if (p.add_tag || p.remove_tag) {
        const tags = new Set(follow.tagIds);
        for (const id of p.add_tag ?? []) tags.add(id);
        for (const id of p.remove_tag ?? []) tags.delete(id);
        follow.tagIds = [...tags];
      }
      return { result: { follow }, callbacks: notify ? [contactEvent('edit_external_contact', p.userid, p.external_userid)] : [] };
    },

    /** Admin created tags: one tag_group event when the group is new, else one tag event per new tag. */
    createCorpTags(input: z.input<typeof createCorpTagSchema>) {
      const p = createCorpTagSchema.parse(input);
      const r = asMutationError(() => createTags(state, p));
      const callbacks = r.groupCreated
        ? [tagEvent('create', r.group.group_id, 'tag_group')]
        : r.created.map((t) => tagEvent('create', t.id, 'tag'));
      return { result: { group_id: r.group.group_id, tag_ids: r.created.map((t) => t.id) }, callbacks };
    },

    updateCorpTag(input: z.input<typeof updateCorpTagSchema>) {
      const p = updateCorpTagSchema.parse(input);
      const type = asMutationError(() => editTag(state, p));
      return { result: { id: p.id, type }, callbacks: [tagEvent('update', p.id, type)] };
    },

    /** Deleting a group emits one tag_group delete, not one per tag (§9.4). */
    deleteCorpTags(input: z.input<typeof deleteCorpTagSchema>) {
      const p = deleteCorpTagSchema.parse(input);
      const deleted = asMutationError(() => deleteTags(state, p));
      return { result: { deleted }, callbacks: deleted.map((d) => tagEvent('delete', d.id, d.type)) };
    },

    createGroupChat(input: z.input<typeof createGroupChatSchema>): MutationResult<{ chat_id: string }> {
      const p = createGroupChatSchema.parse(input);
      requireUser(p.owner);
      const at = now();
      const members = [
        memberFor(p.owner, undefined, 1, at),
        ...p.members.filter((m) => m !== p.owner).map((m) => memberFor(m, p.owner, 1, at)),
      ];
      const chat: SimGroupChat = {
        chat_id: state.mintId('wr'),
        name: p.name,
        owner: p.owner,
        create_time: at,
        ...(p.notice ? { notice: p.notice } : {}),
        member_list: members,
        admin_list: [],
        member_version: memberVersion(members),
        status: 0,
      };
      state.groupChats.set(chat.chat_id, chat);
      return { result: { chat_id: chat.chat_id }, callbacks: [chatEvent(chat.chat_id, 'create')] };
    },

    updateGroupChat(input: z.input<typeof updateGroupChatSchema>): MutationResult<{ member_version: string }> {
      const p = updateGroupChatSchema.parse(input);
      const chat = requireChat(p.chat_id);
      const last = chat.member_version;
      let extra: EventFields = [['UpdateDetail', p.update_detail]];
      switch (p.update_detail) {
        case 'add_member': {
          const at = now();
          const fresh = p.members.filter((id) => !chat.member_list.some((m) => m.userid === id));
          if (fresh.length === 0) throw new SimMutationError(409, 'all members are already in the chat');
          chat.member_list.push(
            ...fresh.map((id) => memberFor(id, p.join_scene === 0 ? chat.owner : undefined, p.join_scene === 3 ? 3 : 1, at)),
          );
          chat.member_version = memberVersion(chat.member_list);
          extra = [
            ...extra,
            ['JoinScene', p.join_scene],
            ['MemChangeCnt', fresh.length],
            ['MemChangeList', fresh],
            ['LastMemVer', last],
            ['CurMemVer', chat.member_version],
          ];
          break;
        }
        case 'del_member': {
          const gone = p.members.filter((id) => chat.member_list.some((m) => m.userid === id) && id !== chat.owner);
          if (gone.length === 0) throw new SimMutationError(404, 'none of these members are in the chat (the owner cannot leave)');
          chat.member_list = chat.member_list.filter((m) => !gone.includes(m.userid));
          chat.admin_list = chat.admin_list.filter((a) => !gone.includes(a.userid));
          chat.member_version = memberVersion(chat.member_list);
          extra = [
            ...extra,
            ['QuitScene', p.quit_scene],
            ['MemChangeCnt', gone.length],
            ['MemChangeList', gone],
            ['LastMemVer', last],
            ['CurMemVer', chat.member_version],
          ];
          break;
        }
        case 'change_owner':
          requireUser(p.owner);
          if (!chat.member_list.some((m) => m.userid === p.owner)) chat.member_list.push(memberFor(p.owner, chat.owner, 1, now()));
          chat.owner = p.owner;
          chat.status = 0;
          chat.member_version = memberVersion(chat.member_list);
          break;
        case 'change_name':
          chat.name = p.name;
          break;
        case 'change_notice':
          if (p.notice) chat.notice = p.notice;
          else delete chat.notice;
          break;
      }
      return { result: { member_version: chat.member_version }, callbacks: [chatEvent(chat.chat_id, 'update', extra)] };
    },

    dismissGroupChat(input: z.input<typeof dismissGroupChatSchema>): MutationResult<{ dismissed: true }> {
      const p = dismissGroupChatSchema.parse(input);
      requireChat(p.chat_id);
      state.groupChats.delete(p.chat_id);
      return { result: { dismissed: true }, callbacks: [chatEvent(p.chat_id, 'dismiss')] };
    },
  };
}

export type SimMutations = ReturnType<typeof createMutations>;
