import { z } from 'zod';
import type { AdminRoutes } from '@server/simulator/admin.ts';
import { ADMIN_PREFIX } from '@server/simulator/admin.ts';
import type { ApiRoutes } from '@server/simulator/api.ts';
import { parseParams } from '@server/simulator/api.ts';
import type { SimContext } from '@server/simulator/context.ts';
import { decodeCursor, encodeCursor, offsetCursor } from '@server/simulator/cursor.ts';
import type { GroupSendStore, SimGroupMsg, SimMemberTask, SimRecipient } from '@server/simulator/group-send-store.ts';
import { SimMutationError } from '@server/simulator/mutations.ts';
import { OK, WxError } from '@server/simulator/wx-error.ts';
import {
  ATTACHMENT_MSGTYPES,
  addMsgTemplateRequestSchema,
  extAttachmentSchema,
  groupMsgListRequestSchema,
  groupMsgSendResultRequestSchema,
  groupMsgTaskRequestSchema,
  msgIdRequestSchema,
} from '@server/wecom/group-send.schemas.ts';

const MONTH_S = 31 * 86_400;
const REMINDS_PER_DAY = 3;

/** limit above the maximum (or absent) falls back to the default — WeCom does not clamp (§5.15.2). */
function pageSize(limit: number | undefined, max: number, fallback: number): number {
  return limit === undefined || limit < 1 || limit > max ? fallback : limit;
}

function page<T>(items: T[], cursor: string | undefined, limit: number): { items: T[]; next_cursor: string } {
  const from = cursor ? decodeCursor(cursor, offsetCursor).o : 0;
  const slice = items.slice(from, from + limit);
  return { items: slice, next_cursor: from + limit < items.length ? encodeCursor({ o: from + limit }) : '' };
}

function requireMsg(store: GroupSendStore, msgid: string): SimGroupMsg {
  if (!msgid) throw new WxError(41046);
  const msg = store.messages.get(msgid);
  if (!msg) throw new WxError(41047);
  return msg;
}

/** Attachments: ≤ 9 (41064), a known msgtype (41065), the object matching it (40058). */
function checkAttachments(raw: Array<{ msgtype: string }> | undefined): Array<{ msgtype: string; [k: string]: unknown }> {
  const list = raw ?? [];
  if (list.length > 9) throw new WxError(41064);
  for (const a of list) {
    if (!(ATTACHMENT_MSGTYPES as readonly string[]).includes(a.msgtype)) throw new WxError(41065);
    parseParams(extAttachmentSchema, a);
  }
  return list;
}

/** True when the follow's tags satisfy tag_filter: some tag of every group (OR within, AND across). */
function matchesTagFilter(tagIds: string[], filter: { group_list: Array<{ tag_list: string[] }> } | undefined): boolean {
  if (!filter || filter.group_list.length === 0) return true;
  return filter.group_list.every((g) => g.tag_list.length === 0 || g.tag_list.some((t) => tagIds.includes(t)));
}

/** 企业群发 (§5.15): create, list, tasks, per-recipient results, remind, cancel; admin confirm/inspect. */
export function groupSendRoutes(routes: ApiRoutes, admin: AdminRoutes, ctx: SimContext, store: GroupSendStore): void {
  const { state } = ctx;
  const nowSec = () => Math.floor(ctx.now() / 1000);

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/add_msg_template',
    handler: ({ body }) => {
      const p = parseParams(addMsgTemplateRequestSchema, body);
      const attachments = checkAttachments(p.attachments);
      if (!p.text?.content && attachments.length === 0) throw new WxError(40058, 'text and attachments are both empty');
      if (p.sender && !state.users.has(p.sender)) throw new WxError(60111);
      const chatType = p.chat_type ?? 'single';
      const byMember = new Map<string, SimRecipient[]>();
      const failList: string[] = [];
      const add = (userid: string, target: string) => {
        const list = byMember.get(userid) ?? [];
        list.push({ target, status: 0 });
        byMember.set(userid, list);
      };
      if (chatType === 'single') {
        if (!p.external_userid?.length && !p.sender) throw new WxError(40058, 'external_userid and sender are both empty');
        const ids = p.external_userid?.length ? p.external_userid : [...(state.customersByUser.get(p.sender ?? '') ?? [])];
        for (const id of ids) {
          const follows = state.customers.get(id)?.follows ?? [];
          // Tasked to the sender, else to the member who last took the customer on (§5.15.1 "最后跟客户进行聊天互动的企业成员").
          const follow = p.sender ? follows.find((f) => f.userid === p.sender) : follows[follows.length - 1];
          if (!follow) {
            failList.push(id);
            continue;
          }
          if (matchesTagFilter(follow.tagIds, p.tag_filter)) add(follow.userid, id);
        }
      } else {
        if (!p.sender) throw new WxError(40058, 'sender is required for chat_type group');
        const chats = p.chat_id_list?.length ? p.chat_id_list : [...state.groupChats.values()].map((g) => g.chat_id);
        for (const chatId of chats) {
          const chat = state.groupChats.get(chatId);
          if (!chat || chat.owner !== p.sender) {
            if (p.chat_id_list?.length) failList.push(chatId);
            continue;
          }
          add(chat.owner, chatId);
        }
      }
      if (byMember.size === 0) throw new WxError(41048);
      const msg: SimGroupMsg = {
        msgid: state.mintId('msg', 28),
        chatType,
        createTime: nowSec(),
        createType: 0,
        ...(p.text ? { text: p.text } : {}),
        attachments,
        tasks: new Map([...byMember].map(([userid, recipients]): [string, SimMemberTask] => [userid, { userid, status: 0, recipients }])),
        cancelled: false,
        reminders: [],
      };
      store.messages.set(msg.msgid, msg);
      return { ...OK, fail_list: failList, msgid: msg.msgid };
    },
  });

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/get_groupmsg_list_v2',
    handler: ({ body }) => {
      const p = parseParams(groupMsgListRequestSchema, body);
      if (p.end_time < p.start_time || p.end_time - p.start_time > MONTH_S) throw new WxError(40058, 'time span must be within one month');
      const filterType = p.filter_type ?? 2;
      const matching = [...store.messages.values()].filter(
        (m) =>
          m.chatType === p.chat_type &&
          m.createTime >= p.start_time &&
          m.createTime <= p.end_time &&
          (filterType === 2 || m.createType === filterType) &&
          (p.creator === undefined || m.creator === p.creator),
      );
      const { items, next_cursor } = page(matching, p.cursor, pageSize(p.limit, 100, 50));
      return {
        ...OK,
        next_cursor,
        group_msg_list: items.map((m) => ({
          msgid: m.msgid,
          ...(m.creator ? { creator: m.creator } : {}),
          create_time: String(m.createTime),
          create_type: m.createType,
          ...(m.text ? { text: m.text } : {}),
          attachments: m.attachments,
        })),
      };
    },
  });

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/get_groupmsg_task',
    handler: ({ body }) => {
      const p = parseParams(groupMsgTaskRequestSchema, body);
      const msg = requireMsg(store, p.msgid);
      const { items, next_cursor } = page([...msg.tasks.values()], p.cursor, pageSize(p.limit, 1000, 500));
      return {
        ...OK,
        next_cursor,
        task_list: items.map((t) => ({ userid: t.userid, status: t.status, ...(t.sendTime ? { send_time: t.sendTime } : {}) })),
      };
    },
  });

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/get_groupmsg_send_result',
    handler: ({ body }) => {
      const p = parseParams(groupMsgSendResultRequestSchema, body);
      const msg = requireMsg(store, p.msgid);
      const task = msg.tasks.get(p.userid);
      // Group sends list only the groups the owner actually sent to (§5.15.4).
      const rows = (task?.recipients ?? []).filter((r) => msg.chatType === 'single' || r.status !== 0);
      const { items, next_cursor } = page(rows, p.cursor, pageSize(p.limit, 1000, 500));
      return {
        ...OK,
        next_cursor,
        send_list: items.map((r) => ({
          ...(msg.chatType === 'single' ? { external_userid: r.target } : { chat_id: r.target }),
          userid: p.userid,
          status: r.status,
          ...(r.status === 1 && r.sendTime ? { send_time: r.sendTime } : {}),
        })),
      };
    },
  });

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/remind_groupmsg_send',
    handler: ({ body }) => {
      const msg = requireMsg(store, parseParams(msgIdRequestSchema, body).msgid);
      const now = nowSec();
      // ≤ 3 reminders per send within 24 h (§5.15.5; WeCom's errcode for the 4th is not documented).
      if (msg.reminders.filter((t) => t > now - 86_400).length >= REMINDS_PER_DAY) {
        throw new WxError(40058, 'at most 3 reminders per group send within 24 hours');
      }
      if (msg.cancelled) throw new WxError(40058, 'group send cancelled');
      msg.reminders.push(now);
      return { ...OK };
    },
  });

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/cancel_groupmsg_send',
    handler: ({ body }) => {
      const msg = requireMsg(store, parseParams(msgIdRequestSchema, body).msgid);
      msg.cancelled = true;
      return { ...OK };
    },
  });

  const confirmBody = z.object({ msgid: z.string().min(1), userid: z.string().min(1) });
  admin.add('POST', `${ADMIN_PREFIX}/groupmsg/confirm`, ({ body }) => {
    const p = confirmBody.parse(body ?? {});
    const msg = store.messages.get(p.msgid);
    if (!msg) throw new SimMutationError(404, `unknown msgid ${p.msgid}`);
    if (!msg.tasks.has(p.userid)) throw new SimMutationError(404, `${p.userid} has no task in ${p.msgid}`);
    if (msg.cancelled) throw new SimMutationError(409, 'the group send was cancelled');
    return presentMsg(msg, store.confirm(msg, p.userid, nowSec()));
  });
  admin.add('GET', `${ADMIN_PREFIX}/groupmsg`, ({ query }) => {
    const msgid = query.get('msgid');
    if (msgid) {
      const msg = store.messages.get(msgid);
      if (!msg) throw new SimMutationError(404, `unknown msgid ${msgid}`);
      return presentMsg(msg);
    }
    return { dailyLimit: store.dailyLimit, messages: [...store.messages.values()].map((m) => presentMsg(m)) };
  });
  const settingsBody = z.object({ dailyLimit: z.number().int().min(1).max(31) }).strict();
  admin.add('POST', `${ADMIN_PREFIX}/groupmsg/settings`, ({ body }) => {
    store.dailyLimit = settingsBody.parse(body ?? {}).dailyLimit;
    return { dailyLimit: store.dailyLimit };
  });
}

function presentMsg(msg: SimGroupMsg, confirmed?: SimMemberTask) {
  return {
    msgid: msg.msgid,
    chatType: msg.chatType,
    createTime: msg.createTime,
    text: msg.text?.content ?? null,
    attachments: msg.attachments.length,
    cancelled: msg.cancelled,
    reminders: msg.reminders.length,
    tasks: [...msg.tasks.values()].map((t) => ({
      userid: t.userid,
      status: t.status,
      recipients: t.recipients.map((r) => ({ target: r.target, status: r.status })),
    })),
    ...(confirmed ? { confirmed: confirmed.userid } : {}),
  };
}
