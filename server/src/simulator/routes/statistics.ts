import { z } from 'zod';
import type { ApiRoutes } from '@server/simulator/api.ts';
import { parseParams } from '@server/simulator/api.ts';
import type { SimContext } from '@server/simulator/context.ts';
import { hashString, seededRandom } from '@server/simulator/random.ts';
import type { SimGroupChat } from '@server/simulator/types.ts';
import { OK, WxError } from '@server/simulator/wx-error.ts';
import { ownerFilter, ownersOf } from './group-chats.ts';

const DAY = 86_400;
const SHANGHAI_OFFSET = 8 * 3600;
const MAX_SPAN_DAYS = 30;
const RETENTION_DAYS = 180;

/** Floors unix seconds to 00:00 Asia/Shanghai (WeCom floors non-midnight times, §5.8). */
export function shanghaiMidnight(t: number): number {
  return Math.floor((t + SHANGHAI_OFFSET) / DAY) * DAY - SHANGHAI_OFFSET;
}

/** The Shanghai days of [start, end] (inclusive), checking WeCom's 30-day span and 180-day retention. */
function daysOf(start: number, end: number): number[] {
  const first = shanghaiMidnight(start);
  const last = shanghaiMidnight(end);
  if (last < first) throw new WxError(40058, 'end_time before start_time');
  if ((last - first) / DAY + 1 > MAX_SPAN_DAYS + 1) throw new WxError(40058, 'time span exceeds 30 days');
  if (first < shanghaiMidnight(Date.now() / 1000) - RETENTION_DAYS * DAY) throw new WxError(40058, 'only the last 180 days are kept');
  const days: number[] = [];
  for (let d = first; d <= last; d += DAY) days.push(d);
  return days;
}

const behaviorBody = z.object({
  userid: z.array(z.string()).max(100).optional(),
  partyid: z.array(z.number().int()).max(100).optional(),
  start_time: z.number().int(),
  end_time: z.number().int(),
});

const groupStatBody = z.object({
  day_begin_time: z.number().int(),
  day_end_time: z.number().int().optional(),
  owner_filter: ownerFilter.optional(),
});
const groupStatByOwnerBody = groupStatBody.extend({
  order_by: z.number().int().min(1).max(4).optional(),
  order_asc: z.union([z.literal(0), z.literal(1)]).optional(),
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});

interface DayStat {
  chat_cnt: number;
  message_cnt: number;
  replyWeighted: number;
  replyTimeWeighted: number;
  negative_feedback_cnt: number;
  new_apply_cnt: number;
  new_contact_cnt: number;
}

/**
 * One member's day: chat activity is a deterministic function of (userid, day);
 * new_contact_cnt is the real number of relations the member made that day.
 */
function memberDay(userid: string, day: number, added: number, nowSec: number): DayStat {
  if (day > nowSec)
    return {
      chat_cnt: 0,
      message_cnt: 0,
      replyWeighted: 0,
      replyTimeWeighted: 0,
      negative_feedback_cnt: 0,
      new_apply_cnt: 0,
      new_contact_cnt: 0,
    };
  const rng = seededRandom(hashString(`${userid}|${day}`));
  const active = rng() > 0.15;
  const chat = active ? 1 + Math.floor(rng() * 25) : 0;
  const messages = chat > 0 ? chat + Math.floor(rng() * chat * 4) : 0;
  const reply = Math.round((55 + rng() * 45) * 100) / 100;
  const replyTime = 1 + Math.floor(rng() * 45);
  return {
    chat_cnt: chat,
    message_cnt: messages,
    replyWeighted: reply * chat,
    replyTimeWeighted: replyTime * chat,
    negative_feedback_cnt: rng() < 0.1 ? 1 : 0,
    new_apply_cnt: added + Math.floor(rng() * 3),
    new_contact_cnt: added,
  };
}

function groupDay(chats: SimGroupChat[], day: number) {
  const end = day + DAY;
  let newChats = 0,
    chatTotal = 0,
    chatHasMsg = 0,
    newMembers = 0,
    memberTotal = 0,
    memberHasMsg = 0,
    msgTotal = 0;
  for (const chat of chats) {
    if (chat.create_time >= end) continue;
    chatTotal += 1;
    if (chat.create_time >= day) newChats += 1;
    let members = 0;
    for (const m of chat.member_list) {
      if (m.join_time >= end) continue;
      members += 1;
      if (m.join_time >= day) newMembers += 1;
    }
    memberTotal += members;
    const rng = seededRandom(hashString(`${chat.chat_id}|${day}`));
    if (day <= Date.now() / 1000 && rng() < 0.4) {
      chatHasMsg += 1;
      const talkers = Math.min(members, 1 + Math.floor(rng() * Math.max(1, members / 3)));
      memberHasMsg += talkers;
      msgTotal += talkers * (1 + Math.floor(rng() * 6));
    }
  }
  return {
    new_chat_cnt: newChats,
    chat_total: chatTotal,
    chat_has_msg: chatHasMsg,
    new_member_cnt: newMembers,
    member_total: memberTotal,
    member_has_msg: memberHasMsg,
    msg_total: msgTotal,
  };
}

/** 联系客户统计 and 群聊数据统计 (§5.8, §5.9): deterministic, plausible, consistent with the corp's state. */
export function statisticsRoutes(routes: ApiRoutes, ctx: SimContext): void {
  const { state } = ctx;

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/get_user_behavior_data',
    handler: ({ body }) => {
      const p = parseParams(behaviorBody, body);
      const userids = new Set(p.userid ?? []);
      const parties = new Set(p.partyid ?? []);
      if (userids.size === 0 && parties.size === 0) throw new WxError(40058, 'userid and partyid both empty');
      for (const u of userids) if (!state.users.has(u)) throw new WxError(40003, u);
      if (parties.size > 0) {
        for (const u of state.users.values()) if (u.department.some((d) => parties.has(d))) userids.add(u.userid);
      }
      const days = daysOf(p.start_time, p.end_time);
      const nowSec = Date.now() / 1000;
      // New relations per (member, day), from the real follow list: O(customers of the members).
      const addedPerDay = new Map<string, number>();
      for (const userid of userids) {
        for (const id of state.customersByUser.get(userid) ?? []) {
          const f = state.customers.get(id)?.follows.find((x) => x.userid === userid);
          if (!f) continue;
          const key = `${userid}|${shanghaiMidnight(f.createtime)}`;
          addedPerDay.set(key, (addedPerDay.get(key) ?? 0) + 1);
        }
      }
      const behavior_data = days.map((day) => {
        const sum: DayStat = {
          chat_cnt: 0,
          message_cnt: 0,
          replyWeighted: 0,
          replyTimeWeighted: 0,
          negative_feedback_cnt: 0,
          new_apply_cnt: 0,
          new_contact_cnt: 0,
        };
        for (const userid of userids) {
          const d = memberDay(userid, day, addedPerDay.get(`${userid}|${day}`) ?? 0, nowSec);
          sum.chat_cnt += d.chat_cnt;
          sum.message_cnt += d.message_cnt;
          sum.replyWeighted += d.replyWeighted;
          sum.replyTimeWeighted += d.replyTimeWeighted;
          sum.negative_feedback_cnt += d.negative_feedback_cnt;
          sum.new_apply_cnt += d.new_apply_cnt;
          sum.new_contact_cnt += d.new_contact_cnt;
        }
        return {
          stat_time: day,
          chat_cnt: sum.chat_cnt,
          message_cnt: sum.message_cnt,
          // Only present on days with chats (§5.8).
          ...(sum.chat_cnt > 0
            ? {
                reply_percentage: Math.round((sum.replyWeighted / sum.chat_cnt) * 100) / 100,
                avg_reply_time: Math.round(sum.replyTimeWeighted / sum.chat_cnt),
              }
            : {}),
          negative_feedback_cnt: sum.negative_feedback_cnt,
          new_apply_cnt: sum.new_apply_cnt,
          new_contact_cnt: sum.new_contact_cnt,
        };
      });
      return { ...OK, behavior_data };
    },
  });

  const chatsOf = (owners: Set<string> | undefined) => [...state.groupChats.values()].filter((c) => !owners || owners.has(c.owner));

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/groupchat/statistic_group_by_day',
    handler: ({ body }) => {
      const p = parseParams(groupStatBody, body);
      const chats = chatsOf(ownersOf(ctx, p.owner_filter));
      const days = daysOf(p.day_begin_time, p.day_end_time ?? p.day_begin_time);
      return { ...OK, items: days.map((day) => ({ stat_time: day, data: groupDay(chats, day) })) };
    },
  });

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/groupchat/statistic',
    handler: ({ body }) => {
      const p = parseParams(groupStatByOwnerBody, body);
      const owners = ownersOf(ctx, p.owner_filter);
      const days = daysOf(p.day_begin_time, p.day_end_time ?? p.day_begin_time);
      const byOwner = new Map<string, SimGroupChat[]>();
      for (const chat of chatsOf(owners)) byOwner.set(chat.owner, [...(byOwner.get(chat.owner) ?? []), chat]);
      const items = [...byOwner].map(([owner, chats]) => {
        const perDay = days.map((d) => groupDay(chats, d));
        const lastDay = perDay[perDay.length - 1];
        const sum = (k: 'new_chat_cnt' | 'chat_has_msg' | 'new_member_cnt' | 'member_has_msg' | 'msg_total') =>
          perDay.reduce((a, d) => a + d[k], 0);
        return {
          owner,
          data: {
            new_chat_cnt: sum('new_chat_cnt'),
            chat_total: lastDay?.chat_total ?? 0,
            chat_has_msg: sum('chat_has_msg'),
            new_member_cnt: sum('new_member_cnt'),
            member_total: lastDay?.member_total ?? 0,
            member_has_msg: sum('member_has_msg'),
            msg_total: sum('msg_total'),
          },
        };
      });
      const key = (['new_chat_cnt', 'chat_total', 'new_member_cnt', 'member_total'] as const)[(p.order_by ?? 1) - 1] ?? 'new_chat_cnt';
      const dir = p.order_asc === 1 ? 1 : -1;
      items.sort((a, b) => dir * (a.data[key] - b.data[key]) || a.owner.localeCompare(b.owner));
      const offset = p.offset ?? 0;
      const page = items.slice(offset, offset + (p.limit ?? 500));
      return { ...OK, total: items.length, next_offset: offset + page.length, items: page };
    },
  });
}
