import type Koa from 'koa';
import type { Middleware } from 'koa';
import { isDemoMode } from '@server/config/index.ts';
import { perDeps, type AppDeps } from '@server/context.ts';
import { ADMIN_PREFIX } from '@server/simulator/admin.ts';
import { simulatorAdminLocalOnly } from './error-catalog.ts';
import type { AppState } from './types.ts';

/** Paths the built-in WeCom simulator answers when it shares the server's port (demo mode). */
const SIMULATOR_PREFIXES = ['/cgi-bin/', '/connect/', '/sim/'];

/** Where demo mode puts the in-process simulator's Koa app; empty in real mode and in most tests. */
export const simulatorSlot = perDeps((_deps: AppDeps): { handler?: ReturnType<Koa['callback']> } => ({}));

/** Attaches (or detaches) the simulator app that answers the simulator paths; demo mode only. */
export function attachSimulatorApp(deps: AppDeps, app: Koa | undefined): void {
  if (app && !isDemoMode(deps.config)) throw new Error('the WeCom simulator is only mounted in demo mode');
  simulatorSlot(deps).handler = app?.callback();
}

/**
 * True for a peer on this machine (127.0.0.0/8, ::1, or IPv4 loopback mapped into IPv6).
 * Meant for the socket's own remote address: forwarded headers are not a peer address.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  if (address === '::1') return true;
  const v4 = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * Hands simulator paths to the simulator app when one is attached, so in demo mode
 * the server reaches "WeCom" over HTTP on its own port (the same client code as
 * against the real qyapi host) and the browser reaches its OAuth page. Its admin API
 * rewrites the corp at will, so only this machine may call it. Mounted in demo mode only.
 */
export function simulatorMount(deps: AppDeps): Middleware<AppState> {
  const slot = simulatorSlot(deps);
  return async function simulatorMountMiddleware(ctx, next) {
    const handler = slot.handler;
    if (!handler || !SIMULATOR_PREFIXES.some((p) => ctx.path.startsWith(p))) {
      await next();
      return;
    }
    if ((ctx.path === ADMIN_PREFIX || ctx.path.startsWith(`${ADMIN_PREFIX}/`)) && !isLoopbackAddress(ctx.req.socket.remoteAddress)) {
      throw simulatorAdminLocalOnly();
    }
    ctx.respond = false;
    await handler(ctx.req, ctx.res);
  };
}
