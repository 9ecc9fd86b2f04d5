import type { ApiRoutes } from '@server/simulator/api.ts';
import { parseParams } from '@server/simulator/api.ts';
import type { SimContext } from '@server/simulator/context.ts';
import { decodeCursor, encodeCursor, offsetCursor } from '@server/simulator/cursor.ts';
import type { SimContactWay } from '@server/simulator/acquisition-state.ts';
import { OK, WxError } from '@server/simulator/wx-error.ts';
import {
  addContactWayRequestSchema,
  configIdRequestSchema,
  listContactWayRequestSchema,
  updateContactWayRequestSchema,
  type ContactWay,
} from '@server/wecom/schemas-acquisition.ts';

/** ≤ 100 users per contact way, departments expanded (§5.12, 41041). */
const MAX_USERS = 100;
const DAY_S = 86_400;

/** Where the simulator serves a contact way's QR image (the stand-in for WeCom's p.qpic.cn URL). */
export function qrImagePath(configId: string): string {
  return `/sim/qr/${configId}.png`;
}

/**
 * Checks the members and departments of a contact way as WeCom does: every user
 * must exist (40003) and have 客户联系 (84074 [I]); departments must exist
 * (60123); at most 100 people after expanding departments (41041).
 */
function checkMembers(ctx: SimContext, users: string[], party: number[]): void {
  const { state } = ctx;
  for (const u of users) {
    if (!state.users.has(u)) throw new WxError(40003, u);
    if (!state.followUsers.has(u)) throw new WxError(84074, u);
  }
  const people = new Set(users);
  for (const id of party) {
    if (!state.departments.some((d) => d.id === id)) throw new WxError(60123, String(id));
    for (const u of state.users.values()) if (u.department.includes(id)) people.add(u.userid);
  }
  if (people.size > MAX_USERS) throw new WxError(41041);
}

function render(way: SimContactWay): ContactWay {
  const { createdAt: _createdAt, next: _next, ...wire } = way;
  return wire;
}

/** The member a scan of this contact way reaches: the one user, or WeCom's own turn-taking among the users. */
export function memberForScan(ctx: SimContext, way: SimContactWay): string | undefined {
  const people = [...(way.user ?? [])];
  for (const id of way.party ?? []) for (const u of ctx.state.users.values()) if (u.department.includes(id)) people.push(u.userid);
  const reachable = people.filter((u) => ctx.state.users.has(u) && ctx.state.followUsers.has(u));
  if (reachable.length === 0) return undefined;
  const pick = reachable[way.next % reachable.length];
  way.next += 1;
  return pick;
}

/** 「联系我」 (§5.12): add/get/list/update/del_contact_way. */
export function contactWayRoutes(routes: ApiRoutes, ctx: SimContext): void {
  const acq = ctx.state.acquisition;
  const requireWay = (configId: string | undefined): SimContactWay => {
    if (!configId) throw new WxError(41043);
    const way = acq.contactWays.get(configId);
    if (!way) throw new WxError(41044);
    return way;
  };

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/add_contact_way',
    handler: ({ body, origin }) => {
      const p = parseParams(addContactWayRequestSchema, body);
      if (p.type === undefined) throw new WxError(41037);
      if (p.scene === undefined) throw new WxError(41038);
      if (p.type !== 1 && p.type !== 2) throw new WxError(41039);
      if (p.scene !== 1 && p.scene !== 2) throw new WxError(41040);
      if (p.scene === 1 && p.style !== undefined && (p.style < 1 || p.style > (p.type === 1 ? 3 : 2))) throw new WxError(41042);
      const users = p.user ?? [];
      const party = p.party ?? [];
      if (p.type === 1 && (users.length !== 1 || party.length > 0)) throw new WxError(40058, 'type 1 takes exactly one user');
      if (p.type === 2 && users.length + party.length === 0) throw new WxError(40058, 'user and party both empty');
      if (p.is_temp && p.type !== 1) throw new WxError(40058, 'is_temp only for type 1');
      checkMembers(ctx, users, party);
      const configId = acq.newConfigId();
      const way: SimContactWay = {
        config_id: configId,
        type: p.type,
        scene: p.scene,
        ...(p.scene === 1 ? { style: p.style ?? 1 } : {}),
        remark: p.remark ?? '',
        skip_verify: p.skip_verify ?? true,
        state: p.state ?? '',
        ...(p.scene === 2 ? { qr_code: `${origin}${qrImagePath(configId)}` } : {}),
        user: users,
        party,
        ...(p.is_temp ? { is_temp: true, expires_in: p.expires_in ?? 7 * DAY_S, chat_expires_in: p.chat_expires_in ?? DAY_S } : {}),
        ...(p.conclusions ? { conclusions: p.conclusions } : {}),
        createdAt: acq.now(),
        next: 0,
      };
      acq.contactWays.set(configId, way);
      return { ...OK, config_id: configId, ...(way.qr_code ? { qr_code: way.qr_code } : {}) };
    },
  });

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/get_contact_way',
    handler: ({ body }) => {
      const p = parseParams(configIdRequestSchema, body);
      return { ...OK, contact_way: render(requireWay(p.config_id)) };
    },
  });

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/list_contact_way',
    handler: ({ body }) => {
      const p = parseParams(listContactWayRequestSchema, body);
      const nowS = Math.floor(acq.now() / 1000);
      const end = p.end_time ?? nowS;
      const start = p.start_time ?? end - 90 * DAY_S;
      const limit = p.limit === undefined || p.limit <= 0 ? 100 : Math.min(p.limit, 1000);
      // Temporary sessions are not listed (§5.12.3).
      const all = [...acq.contactWays.values()].filter((w) => {
        const at = Math.floor(w.createdAt / 1000);
        return !w.is_temp && at >= start && at <= end;
      });
      const from = p.cursor ? decodeCursor(p.cursor, offsetCursor).o : 0;
      const page = all.slice(from, from + limit);
      const to = from + page.length;
      return {
        ...OK,
        contact_way: page.map((w) => ({ config_id: w.config_id })),
        next_cursor: to < all.length ? encodeCursor({ o: to }) : '',
      };
    },
  });

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/update_contact_way',
    handler: ({ body }) => {
      const p = parseParams(updateContactWayRequestSchema, body);
      const way = requireWay(p.config_id);
      const users = p.user ?? way.user ?? [];
      const party = p.party ?? way.party ?? [];
      if (way.type === 1 && (users.length !== 1 || party.length > 0)) throw new WxError(40058, 'type 1 takes exactly one user');
      if (way.type === 2 && users.length + party.length === 0) throw new WxError(40058, 'user and party both empty');
      if (p.style !== undefined && way.scene !== 1) throw new WxError(41042);
      checkMembers(ctx, users, party);
      if (p.remark !== undefined) way.remark = p.remark;
      if (p.skip_verify !== undefined) way.skip_verify = p.skip_verify;
      if (p.state !== undefined) way.state = p.state;
      if (p.style !== undefined) way.style = p.style;
      // user / party replace the old lists (§5.12.4).
      way.user = users;
      way.party = party;
      if (p.conclusions) way.conclusions = p.conclusions;
      return { ...OK };
    },
  });

  routes.add({
    method: 'POST',
    path: '/cgi-bin/externalcontact/del_contact_way',
    handler: ({ body }) => {
      const p = parseParams(configIdRequestSchema, body);
      requireWay(p.config_id);
      acq.contactWays.delete(p.config_id ?? '');
      return { ...OK };
    },
  });
}
