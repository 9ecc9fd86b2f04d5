import { z } from 'zod';
import type { ApiRoutes } from '@server/simulator/api.ts';
import { parseParams } from '@server/simulator/api.ts';
import type { SimContext } from '@server/simulator/context.ts';
import { decodeCursor, encodeCursor, offsetCursor } from '@server/simulator/cursor.ts';
import { renderGroupChat } from '@server/simulator/render.ts';
import { OK, WxError } from '@server/simulator/wx-error.ts';

/** Without owner_filter, WeCom refuses list/statistic calls when the app sees more than 1000 members (81017). */
const OWNER_FILTER_THRESHOLD = 1000;

export const ownerFilter = z.object({ userid_list: z.array(z.string()).max(100) });

const listBody = z.object({
  status_filter: z.number().int().min(0).max(3).optional(),
  owner_filter: ownerFilter.optional(),
  cursor: z.string().optional(),
  limit: z.number().int().min(1).max(1000),
});
const getBody = z.object({ chat_id: z.string().min(1), need_name: z.union([z.literal(0), z.literal(1)]).optional() });

/** The owners an owner_filter selects (undefined = everyone), enforcing the 81017 rule. */
export function ownersOf(ctx: SimContext, filter: { userid_list: string[] } | undefined): Set<string> | undefined {
  if (filter && filter.userid_list.length > 0) return new Set(filter.userid_list);
  if (ctx.state.users.size > OWNER_FILTER_THRESHOLD) throw new WxError(81017, 'owner_filter required');
  return undefined;
}

/** Customer groups (§5.7). */
export function groupChatRoutes(routes: ApiRoutes, ctx: SimContext): void {
  const { state } = ctx;

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/groupchat/list',
    handler: ({ body }) => {
      const p = parseParams(listBody, body);
      const owners = ownersOf(ctx, p.owner_filter);
      const status = p.status_filter ?? 0;
      const ids = [...state.groupChats.keys()];
      let i = p.cursor ? decodeCursor(p.cursor, offsetCursor).o : 0;
      const page: Array<{ chat_id: string; status: number }> = [];
      for (; i < ids.length && page.length < p.limit; i++) {
        const chat = state.groupChats.get(ids[i] ?? '');
        if (!chat) continue;
        if (owners && !owners.has(chat.owner)) continue;
        if (status !== 0 && chat.status !== status) continue;
        page.push({ chat_id: chat.chat_id, status: chat.status });
      }
      return { ...OK, group_chat_list: page, next_cursor: i < ids.length ? encodeCursor({ o: i }) : '' };
    },
  });

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/groupchat/get',
    handler: ({ body }) => {
      const p = parseParams(getBody, body);
      const chat = state.groupChats.get(p.chat_id);
      if (!chat) throw new WxError(40050, 'invalid chatid');
      return { ...OK, group_chat: renderGroupChat(chat, p.need_name === 1) };
    },
  });
}
