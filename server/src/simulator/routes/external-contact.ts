import { z } from 'zod';
import type { ApiRoutes } from '@server/simulator/api.ts';
import { parseParams } from '@server/simulator/api.ts';
import type { SimContext } from '@server/simulator/context.ts';
import { decodeCursor, encodeCursor, offsetCursor } from '@server/simulator/cursor.ts';
import { renderFollowInfo, renderFollowUser } from '@server/simulator/render.ts';
import type { SimCustomer, SimFollow } from '@server/simulator/types.ts';
import { markTagRequestSchema, remarkRequestSchema } from '@server/wecom/schemas.ts';
import { OK, WxError } from '@server/simulator/wx-error.ts';

/** externalcontact/get pages follow_user by 500 (§5.3). */
export const FOLLOW_PAGE_SIZE = 500;

/** The member, the customer and their relation, or the error WeCom answers when one is missing. */
export function requireRelation(ctx: SimContext, userid: string, externalUserid: string): { customer: SimCustomer; follow: SimFollow } {
  if (!ctx.state.users.has(userid)) throw new WxError(40003);
  const customer = ctx.state.customers.get(externalUserid);
  if (!customer) throw new WxError(40096);
  const follow = customer.follows.find((f) => f.userid === userid);
  if (!follow) throw new WxError(84061);
  return { customer, follow };
}

const batchBody = z.object({
  userid_list: z.array(z.string()).min(1),
  cursor: z.string().optional(),
  limit: z.number().int().optional(),
});
const batchCursor = z.object({ u: z.number().int().min(0), o: z.number().int().min(0) });

/** Customer reads and the API-side writes (remark, mark_tag) — API writes push no callback (§5.6). */
export function externalContactRoutes(routes: ApiRoutes, ctx: SimContext): void {
  const { state } = ctx;

  routes.add({
    method: 'GET',
    path: '/cgi-bin/externalcontact/get_follow_user_list',
    handler: () => ({ ...OK, follow_user: [...state.followUsers].filter((u) => state.users.has(u)) }),
  });

  routes.add({
    method: 'GET',
    path: '/cgi-bin/externalcontact/list',
    handler: ({ query }) => {
      const userid = query.get('userid');
      if (!userid) throw new WxError(40058, 'userid missing');
      if (!state.users.has(userid)) throw new WxError(40003);
      const list = state.customersByUser.get(userid) ?? [];
      // A member without customers answers 84061 in real WeCom (§5.2).
      if (list.length === 0) throw new WxError(84061);
      return { ...OK, external_userid: [...list] };
    },
  });

  routes.add({
    method: 'GET',
    path: '/cgi-bin/externalcontact/get',
    handler: ({ query }) => {
      const id = query.get('external_userid');
      if (!id) throw new WxError(41035);
      const customer = state.customers.get(id);
      if (!customer) throw new WxError(40096, undefined, { follow_user: [] });
      if (customer.follows.length === 0) throw new WxError(84061);
      const cursor = query.get('cursor');
      const start = cursor ? decodeCursor(cursor, offsetCursor).o : 0;
      const page = customer.follows.slice(start, start + FOLLOW_PAGE_SIZE);
      const end = start + page.length;
      return {
        ...OK,
        external_contact: customer.contact,
        follow_user: page.map((f) => renderFollowUser(state, f)),
        ...(end < customer.follows.length ? { next_cursor: encodeCursor({ o: end }) } : {}),
      };
    },
  });

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/batch/get_by_user',
    handler: ({ body }) => {
      const p = parseParams(batchBody, body);
      if (p.userid_list.length > 100) throw new WxError(40058, 'userid_list exceeds 100');
      // Documented: default 50, values above 100 are clamped to 100 (§5.4).
      const limit = p.limit === undefined || p.limit <= 0 ? 50 : Math.min(p.limit, 100);
      let { u, o } = p.cursor ? decodeCursor(p.cursor, batchCursor) : { u: 0, o: 0 };
      const items: Array<Record<string, unknown>> = [];
      while (items.length < limit && u < p.userid_list.length) {
        const userid = p.userid_list[u] ?? '';
        const list = state.customersByUser.get(userid) ?? [];
        while (items.length < limit && o < list.length) {
          const customer = state.customers.get(list[o] ?? '');
          const follow = customer?.follows.find((f) => f.userid === userid);
          if (customer && follow) items.push({ external_contact: customer.contact, follow_info: renderFollowInfo(state, follow) });
          o += 1;
        }
        if (o >= list.length) {
          u += 1;
          o = 0;
        }
      }
      return { ...OK, external_contact_list: items, next_cursor: u < p.userid_list.length ? encodeCursor({ u, o }) : '' };
    },
  });

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/remark',
    handler: ({ body }) => {
      const p = parseParams(remarkRequestSchema, body);
      const given =
        [p.remark, p.description, p.remark_company, p.remark_pic_mediaid].some((v) => v !== undefined) || p.remark_mobiles !== undefined;
      if (!given) throw new WxError(40058, 'nothing to update');
      const { follow } = requireRelation(ctx, p.userid, p.external_userid);
      if (p.remark !== undefined) follow.remark = p.remark;
      if (p.description !== undefined) follow.description = p.description;
      if (p.remark_company !== undefined) follow.remark_corp_name = p.remark_company || undefined;
      // remark_mobiles overwrites; [""] clears (§5.5).
      if (p.remark_mobiles !== undefined) follow.remark_mobiles = p.remark_mobiles.filter((m) => m !== '');
      return { ...OK };
    },
  });

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/mark_tag',
    handler: ({ body }) => {
      const p = parseParams(markTagRequestSchema, body);
      const add = p.add_tag ?? [];
      const remove = p.remove_tag ?? [];
      if (add.length === 0 && remove.length === 0) throw new WxError(40058, 'add_tag and remove_tag both empty');
      const { follow } = requireRelation(ctx, p.userid, p.external_userid);
      for (const id of [...add, ...remove]) if (!state.tags.has(id)) throw new WxError(40068, id);
      const next = new Set(follow.tagIds);
      for (const id of add) next.add(id);
      for (const id of remove) next.delete(id);
      follow.tagIds = [...next];
      return { ...OK };
    },
  });
}
