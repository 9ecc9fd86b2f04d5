import type { Middleware, ParameterizedContext } from 'koa';
import type { Role } from '@shared/enums.ts';
import type { AppDeps } from '@server/context.ts';
import { DATA_VERSION_COLUMN, observeDataVersion } from '@server/db/data-version.ts';
import { num, selectOne } from '@server/db/sql.ts';
import { forbiddenRole, sessionRevoked, unauthenticated } from '@server/http/error-catalog.ts';
import type { AppState } from '@server/http/types.ts';
import type { Actor } from './actor.ts';
import { SESSION_COOKIE, verifySession } from './session.ts';

/** The session token of a request: the HttpOnly cookie, or `Authorization: Bearer` for API clients. */
export function sessionToken(ctx: ParameterizedContext<AppState>): string | undefined {
  const header = ctx.get('authorization');
  if (header.startsWith('Bearer ')) return header.slice(7).trim();
  return ctx.cookies.get(SESSION_COOKIE) ?? undefined;
}

/**
 * The effective role: ADMIN_USERIDS always wins; otherwise the stored role (set by an admin),
 * raised to manager for a department leader synced from WeCom.
 */
export function effectiveRole(deps: AppDeps, userid: string, stored: Role, leadsDepartment: boolean): Role {
  if (deps.config.ADMIN_USERIDS.includes(userid)) return 'admin';
  if (stored === 'guide' && leadsDepartment) return 'manager';
  return stored;
}

/**
 * Requires a valid session of an active staff member (optionally with one of `roles`)
 * and puts the Actor on ctx.state.actor. 401 without a session, 403 for a wrong role.
 */
export function auth(deps: AppDeps, { roles }: { roles?: Role[] } = {}): Middleware<AppState> {
  return async function authMiddleware(ctx, next) {
    const token = sessionToken(ctx);
    const claims = token ? verifySession(deps.config.sessionSecret, token) : undefined;
    if (!claims) throw unauthenticated();
    // One statement per request: the member, whether they lead a department (manager role), and the
    // version of the cached corp data (tag catalog, rules; see db/data-version.ts).
    const staff = await selectOne<{
      id: unknown;
      userid: string;
      name: string;
      role: Role;
      status: unknown;
      leads: unknown;
      data_version: unknown;
    }>(
      deps.ds,
      `SELECT s.id, s.userid, s.name, s.role, s.status,
              (SELECT 1 FROM staff_department d WHERE d.staff_id = s.id AND d.is_leader = 1 LIMIT 1) AS leads,
              ${DATA_VERSION_COLUMN}
         FROM staff s WHERE s.id = ?`,
      [claims.sid],
    );
    if (staff) observeDataVersion(deps.ds, staff.data_version);
    // A member who left or was disabled loses access at once, whatever the cookie says.
    if (!staff || staff.userid !== claims.uid || num(staff.status) !== 1) throw sessionRevoked();
    const actor: Actor = {
      staffId: num(staff.id),
      userid: staff.userid,
      name: staff.name,
      role: effectiveRole(deps, staff.userid, staff.role, staff.leads !== null && staff.leads !== undefined),
    };
    if (roles && !roles.includes(actor.role)) throw forbiddenRole();
    ctx.state.actor = actor;
    await next();
  };
}

/** The actor of a request that passed auth(); a programming error otherwise. */
export function actorOf(ctx: ParameterizedContext<AppState>): Actor {
  const actor = ctx.state.actor;
  if (!actor) throw new Error('actorOf() used on a route without auth()');
  return actor;
}
