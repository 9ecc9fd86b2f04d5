import type { ParameterizedContext } from 'koa';
import type { AppDeps } from '@server/context.ts';
import type { AppState } from '@server/http/types.ts';
import { setHttpOnlyCookie } from './cookies.ts';
import { SESSION_COOKIE, signSession } from './session.ts';

/** Issues the session cookie for a staff member (after OAuth, or the demo dev bar). Returns the token. */
export function issueSession(deps: AppDeps, ctx: ParameterizedContext<AppState>, staff: { id: number; userid: string }): string {
  const ttlSeconds = deps.config.SESSION_TTL_HOURS * 3600;
  const token = signSession(deps.config.sessionSecret, {
    sid: staff.id,
    uid: staff.userid,
    exp: Math.floor(Date.now() / 1000) + ttlSeconds,
  });
  // The sidebar runs inside WeCom's webview on our own origin.
  setHttpOnlyCookie(deps, ctx, SESSION_COOKIE, token, { maxAgeMs: ttlSeconds * 1000 });
  return token;
}

/** Drops the session cookie (the token itself stays valid until it expires: sessions are stateless). */
export function clearSession(deps: AppDeps, ctx: ParameterizedContext<AppState>): void {
  setHttpOnlyCookie(deps, ctx, SESSION_COOKIE, null);
}
