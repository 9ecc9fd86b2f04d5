import type { ParameterizedContext } from 'koa';
import type { AppDeps } from '@server/context.ts';
import type { AppState } from '@server/http/types.ts';
import { SESSION_COOKIE, signSession } from './session.ts';

/** Issues the session cookie for a staff member (after OAuth, or the demo dev bar). Returns the token. */
export function issueSession(deps: AppDeps, ctx: ParameterizedContext<AppState>, staff: { id: number; userid: string }): string {
  const ttlSeconds = deps.config.SESSION_TTL_HOURS * 3600;
  const token = signSession(deps.config.sessionSecret, { sid: staff.id, uid: staff.userid, exp: Math.floor(Date.now() / 1000) + ttlSeconds });
  ctx.cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    // The sidebar runs inside WeCom's webview on our own origin; Lax keeps the cookie on the OAuth redirect back.
    sameSite: 'lax',
    secure: ctx.secure,
    maxAge: ttlSeconds * 1000,
    overwrite: true,
  });
  return token;
}
