import { z } from 'zod';
import type { ApiRoutes } from '@server/simulator/api.ts';
import { parseParams } from '@server/simulator/api.ts';
import type { SimContext } from '@server/simulator/context.ts';
import type { UserWire } from '@server/simulator/types.ts';
import { OK, WxError } from '@server/simulator/wx-error.ts';

const intParam = z.string().regex(/^\d+$/).transform(Number);

/** The department and all departments under it. */
function subtree(ctx: SimContext, rootId: number): Set<number> {
  const ids = new Set<number>([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of ctx.state.departments) {
      if (!ids.has(d.id) && ids.has(d.parentid)) {
        ids.add(d.id);
        grew = true;
      }
    }
  }
  return ids;
}

function membersOf(ctx: SimContext, query: URLSearchParams): UserWire[] {
  const p = parseParams(z.object({ department_id: intParam, fetch_child: z.enum(['0', '1']).optional() }), Object.fromEntries(query));
  if (!ctx.state.departments.some((d) => d.id === p.department_id)) throw new WxError(60123);
  const ids = p.fetch_child === '1' ? subtree(ctx, p.department_id) : new Set([p.department_id]);
  return [...ctx.state.users.values()].filter((u) => u.department.some((d) => ids.has(d)));
}

/** gettoken (§2) and the directory reads (§6). */
export function directoryRoutes(routes: ApiRoutes, ctx: SimContext): void {
  routes.add({
    method: 'GET',
    path: '/cgi-bin/gettoken',
    token: false,
    handler: ({ query }) => {
      const corpid = query.get('corpid');
      const secret = query.get('corpsecret');
      if (!corpid || corpid !== ctx.corp.corpId) throw new WxError(40013);
      if (!secret || secret !== ctx.corp.secret) throw new WxError(40001);
      const { token, expiresIn } = ctx.tokens.issue(ctx.switches.get().tokenTtlSeconds);
      return { ...OK, access_token: token, expires_in: expiresIn };
    },
  });

  routes.add({
    method: 'GET',
    path: '/cgi-bin/department/list',
    handler: ({ query }) => {
      const p = parseParams(z.object({ id: intParam.optional() }), Object.fromEntries(query));
      if (p.id === undefined) return { ...OK, department: ctx.state.departments };
      if (!ctx.state.departments.some((d) => d.id === p.id)) throw new WxError(60123);
      const ids = subtree(ctx, p.id);
      return { ...OK, department: ctx.state.departments.filter((d) => ids.has(d.id)) };
    },
  });

  routes.add({
    method: 'GET',
    path: '/cgi-bin/user/list',
    handler: ({ query }) => ({ ...OK, userlist: membersOf(ctx, query) }),
  });

  routes.add({
    method: 'GET',
    path: '/cgi-bin/user/simplelist',
    handler: ({ query }) => ({
      ...OK,
      userlist: membersOf(ctx, query).map((u) => ({
        userid: u.userid,
        name: u.name,
        department: u.department,
        ...(u.open_userid ? { open_userid: u.open_userid } : {}),
      })),
    }),
  });

  routes.add({
    method: 'GET',
    path: '/cgi-bin/user/get',
    handler: ({ query }) => {
      const userid = query.get('userid');
      if (!userid) throw new WxError(40058, 'userid missing');
      // userids are case-insensitive in WeCom (§6.1).
      const user =
        ctx.state.users.get(userid) ?? [...ctx.state.users.values()].find((u) => u.userid.toLowerCase() === userid.toLowerCase());
      if (!user) throw new WxError(60111);
      return { ...OK, ...user };
    },
  });
}
