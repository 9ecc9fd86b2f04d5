import { z } from 'zod';
import type { ApiRoutes } from '@server/simulator/api.ts';
import { parseParams } from '@server/simulator/api.ts';
import type { SimContext } from '@server/simulator/context.ts';
import type { JsapiTickets, OAuthCodes } from '@server/simulator/identity.ts';
import { OK, WxError } from '@server/simulator/wx-error.ts';

/** auth/getuserinfo (§7.2), auth/getuserdetail (§7.3) and the JS-SDK tickets (§8). */
export function identityRoutes(routes: ApiRoutes, ctx: SimContext, codes: OAuthCodes, tickets: JsapiTickets): void {
  routes.add({
    method: 'GET',
    path: '/cgi-bin/auth/getuserinfo',
    // "auth/getuserinfo with a valid code is not subject to these limits" (§4).
    rateLimited: false,
    handler: ({ query }) => {
      const code = query.get('code');
      if (!code) throw new WxError(40029);
      const identity = codes.redeem(code);
      if (!identity) throw new WxError(40029);
      if (identity.kind === 'member') {
        return { ...OK, userid: identity.userid, ...(identity.userTicket ? { user_ticket: identity.userTicket } : {}) };
      }
      return { ...OK, openid: identity.openid, ...(identity.externalUserid ? { external_userid: identity.externalUserid } : {}) };
    },
  });

  routes.add({
    method: 'POST',
    path: '/cgi-bin/auth/getuserdetail',
    handler: ({ body }) => {
      const p = parseParams(z.object({ user_ticket: z.string().min(1) }), body);
      const userid = codes.ticketUser(p.user_ticket);
      const user = userid ? ctx.state.users.get(userid) : undefined;
      if (!user) throw new WxError(40058, 'invalid user_ticket');
      return {
        ...OK,
        userid: user.userid,
        ...(user.gender !== undefined ? { gender: user.gender } : {}),
        ...(user.avatar ? { avatar: user.avatar } : {}),
        ...(user.mobile ? { mobile: user.mobile } : {}),
        ...(user.email ? { email: user.email } : {}),
      };
    },
  });

  const ticketAnswer = (kind: 'corp' | 'agent') => {
    const t = tickets.get(kind);
    if (t === 'limited') throw new WxError(45009);
    return { ...OK, ticket: t.ticket, expires_in: t.expiresIn };
  };

  routes.add({ method: 'GET', path: '/cgi-bin/get_jsapi_ticket', handler: () => ticketAnswer('corp') });

  routes.add({
    method: 'GET',
    path: '/cgi-bin/ticket/get',
    handler: ({ query }) => {
      if (query.get('type') !== 'agent_config') throw new WxError(40058, 'type must be agent_config');
      return ticketAnswer('agent');
    },
  });
}
