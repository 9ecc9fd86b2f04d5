import { z } from 'zod';
import type { AdminRoutes } from '../admin.ts';
import { parseParams, type ApiRoutes } from '../api.ts';
import type { CallbackSender } from '../callbacks.ts';
import type { SimContext } from '../context.ts';
import { decodeCursor, encodeCursor, offsetCursor } from '../cursor.ts';
import { OK, WxError } from '../wx-error.ts';
import {
  groupChatTransferRequestSchema,
  transferCustomerRequestSchema,
  transferResultRequestSchema,
  unassignedListRequestSchema,
} from '@server/wecom/transfer.schemas.ts';
import { TRANSFERS_PER_WINDOW, type SimTransferBook } from './book.ts';

/** Pages of transfer_result (WeCom: ≤ 1000 a page). */
const RESULT_PAGE = 1000;

/**
 * 在职继承 / 离职继承 endpoints (wecom-api.md §5.11, §5.17) with WeCom's rules: ≤ 100 a call, the
 * on-job message ≤ 200 characters, a takeover member with 客户联系, each customer ≤ 2 transfers in
 * 90 days (40128), one transfer at a time (40129), handover = takeover (40130), not the follower
 * (40131), resigned transfers only for members who left (40097); completion after 24 h on the
 * simulator clock, refusals with the transfer_fail callback. Admin: clock, resign, refuse, history.
 */
export function transferRoutes(
  api: ApiRoutes,
  admin: AdminRoutes,
  ctx: SimContext,
  book: SimTransferBook,
  callbacks: CallbackSender,
): void {
  const { state } = ctx;

  api.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/get_unassigned_list',
    handler: ({ body }) => {
      const p = parseParams(unassignedListRequestSchema, body);
      const size = p.page_size ?? 1000;
      const all: Array<{ handover_userid: string; external_userid: string; dimission_time: number }> = [];
      book.settle();
      for (const [userid, at] of book.resigned) {
        for (const ext of state.customersByUser.get(userid) ?? [])
          all.push({ handover_userid: userid, external_userid: ext, dimission_time: at });
      }
      // The older page_id form (page_id * page_size < 50000) is still accepted; it returns no next_cursor.
      if (p.page_id !== undefined && !p.cursor) {
        if (p.page_id * size >= 50_000) throw new WxError(40058, 'page_id*page_size must be < 50000, use cursor');
        const from = p.page_id * size;
        return { ...OK, info: all.slice(from, from + size), is_last: from + size >= all.length };
      }
      const from = p.cursor ? decodeCursor(p.cursor, offsetCursor).o : 0;
      const isLast = from + size >= all.length;
      return { ...OK, info: all.slice(from, from + size), is_last: isLast, next_cursor: isLast ? '' : encodeCursor({ o: from + size }) };
    },
  });

  for (const kind of ['onjob', 'resigned'] as const) {
    const prefix = kind === 'onjob' ? '/cgi-bin/externalcontact' : '/cgi-bin/externalcontact/resigned';
    api.add({
      method: 'POST',
      path: `${prefix}/transfer_customer`,
      handler: ({ body }) => {
        const p = parseParams(transferCustomerRequestSchema, body);
        if (kind === 'resigned' && p.transfer_success_msg !== undefined) throw new WxError(40058, 'transfer_success_msg not allowed');
        // Unconfirmed: WeCom may answer a takeover without 客户联系 per customer instead; clients handle both.
        if (!state.users.has(p.takeover_userid)) throw new WxError(40003, 'takeover_userid');
        if (!state.followUsers.has(p.takeover_userid)) throw new WxError(84074, 'takeover member has no 客户联系');
        const customer = p.external_userid.map((ext) => ({
          external_userid: ext,
          errcode: check(kind, p.handover_userid, p.takeover_userid, ext),
        }));
        for (const c of customer) {
          if (c.errcode === 0)
            book.start({ kind, externalUserid: c.external_userid, handover: p.handover_userid, takeover: p.takeover_userid });
        }
        return { ...OK, customer };
      },
    });
    api.add({
      method: 'POST',
      path: `${prefix}/transfer_result`,
      handler: ({ body }) => {
        const p = parseParams(transferResultRequestSchema, body);
        book.settle();
        // The latest transfer of each customer between these two members.
        const latest = new Map<string, { external_userid: string; status: number; takeover_time: number }>();
        for (const t of book.transfers) {
          if (t.kind !== kind || t.handover !== p.handover_userid || t.takeover !== p.takeover_userid) continue;
          latest.set(t.externalUserid, { external_userid: t.externalUserid, status: t.status, takeover_time: t.takeoverTime });
        }
        const all = [...latest.values()];
        const from = p.cursor ? decodeCursor(p.cursor, offsetCursor).o : 0;
        const next = from + RESULT_PAGE < all.length ? encodeCursor({ o: from + RESULT_PAGE }) : '';
        return { ...OK, customer: all.slice(from, from + RESULT_PAGE), next_cursor: next };
      },
    });
    api.add({
      method: 'POST',
      path: kind === 'onjob' ? '/cgi-bin/externalcontact/groupchat/onjob_transfer' : '/cgi-bin/externalcontact/groupchat/transfer',
      handler: ({ body }) => {
        const p = parseParams(groupChatTransferRequestSchema, body);
        if (!state.users.has(p.new_owner)) throw new WxError(40003, 'new_owner');
        if (!state.followUsers.has(p.new_owner)) throw new WxError(84074, 'new owner has no 客户联系');
        const failed: Array<{ chat_id: string; errcode: number; errmsg: string }> = [];
        for (const chatId of p.chat_id_list) {
          const chat = state.groupChats.get(chatId);
          const fail = (errcode: number, errmsg: string) => failed.push({ chat_id: chatId, errcode, errmsg });
          if (!chat) fail(90501, 'chat is not external group chat');
          else if (chat.owner === p.new_owner) fail(90504, 'the owner of this chat is not changed');
          else if (kind === 'resigned' && !book.resigned.has(chat.owner)) fail(90500, 'the owner of this chat is not resigned');
          else if (kind === 'onjob' && book.resigned.has(chat.owner)) fail(90502, 'the owner of this chat is resigned');
          else if (kind === 'onjob' && book.recentTransfers(chatId) >= TRANSFERS_PER_WINDOW) fail(40128, 'transfer too frequently');
          else {
            book.recordPast(chatId, [book.now()]);
            chat.owner = p.new_owner;
            if (kind === 'resigned') chat.status = 3;
            if (!chat.member_list.some((m) => m.userid === p.new_owner)) {
              chat.member_list.push({ userid: p.new_owner, type: 1, join_time: book.now(), join_scene: 1 });
            }
          }
        }
        return { ...OK, failed_chat_list: failed };
      },
    });
  }

  /** The per-customer errcode WeCom gives one customer of a transfer_customer call. */
  function check(kind: 'onjob' | 'resigned', handover: string, takeover: string, ext: string): number {
    if (!state.customers.has(ext)) return 40096;
    if (handover === takeover) return 40130;
    if (kind === 'resigned' && !book.resigned.has(handover)) return 40097;
    if (kind === 'onjob' && book.resigned.has(handover)) return 40131;
    if (!state.findFollow(handover, ext)) return 40131;
    if (book.waitingFor(ext)) return 40129;
    // The 90-day rule is written for members on the job; that WeCom applies it to 离职继承 too is not confirmed (modelled for both).
    if (book.recentTransfers(ext) >= TRANSFERS_PER_WINDOW) return 40128;
    return 0;
  }

  admin.add('POST', '/sim/admin/transfer/clock', ({ body }) => {
    const p = z
      .object({
        advanceHours: z
          .number()
          .min(0)
          .max(24 * 400),
      })
      .parse(body);
    return { now: book.advance(Math.round(p.advanceHours * 3600)) };
  });
  admin.add('GET', '/sim/admin/transfer/state', () => ({
    now: book.now(),
    resigned: Object.fromEntries(book.resigned),
    transfers: book.transfers,
  }));
  admin.add('POST', '/sim/admin/transfer/resign', ({ body }) => {
    const p = z.object({ userid: z.string().min(1), daysAgo: z.number().min(0).max(365).default(0) }).parse(body);
    book.resign(p.userid, book.now() - Math.round(p.daysAgo * 86_400));
    return { ok: true, waiting: state.customersByUser.get(p.userid)?.length ?? 0 };
  });
  admin.add('POST', '/sim/admin/transfer/history', ({ body }) => {
    const p = z.object({ key: z.string().min(1), daysAgo: z.array(z.number().min(0)).max(10) }).parse(body);
    book.recordPast(
      p.key,
      p.daysAgo.map((d) => book.now() - Math.round(d * 86_400)),
    );
    return { ok: true, recent: book.recentTransfers(p.key) };
  });
  /** The customer refuses the waiting transfer; WeCom then pushes change_external_contact/transfer_fail. */
  // WeCom removes the old member's relation when an on-job transfer completes and says so with
  // del_external_contact, Source DELETE_BY_TRANSFER (documented for 在职继承 only; none is modelled for 离职继承).
  book.onComplete = (t) => {
    if (t.kind !== 'onjob') return;
    callbacks.push({
      event: 'change_external_contact',
      fields: [
        ['ChangeType', 'del_external_contact'],
        ['UserID', t.handover],
        ['ExternalUserID', t.externalUserid],
        ['Source', 'DELETE_BY_TRANSFER'],
      ],
    });
  };
  admin.add('POST', '/sim/admin/transfer/refuse', ({ body }) => {
    const p = z
      .object({
        externalUserid: z.string().min(1),
        reason: z.enum(['customer_refused', 'customer_limit_exceed']).default('customer_refused'),
      })
      .parse(body);
    const t = book.refuse(p.externalUserid);
    if (!t) return { ok: false };
    if (p.reason === 'customer_limit_exceed') t.status = 4;
    callbacks.push({
      event: 'change_external_contact',
      fields: [
        ['ChangeType', 'transfer_fail'],
        ['FailReason', p.reason],
        ['UserID', t.takeover],
        ['ExternalUserID', t.externalUserid],
      ],
    });
    return { ok: true };
  });
}
