import type Koa from 'koa';
import type { Middleware } from 'koa';
import { perDeps, type AppDeps } from '@server/context.ts';
import type { AppState } from './types.ts';

/** Paths the built-in WeCom simulator answers when it shares the server's port (demo mode). */
const SIMULATOR_PREFIXES = ['/cgi-bin/', '/connect/', '/sim/'];

/** Where demo mode puts the in-process simulator's Koa app; empty in real mode and in most tests. */
export const simulatorSlot = perDeps((_deps: AppDeps): { handler?: ReturnType<Koa['callback']> } => ({}));

/** Attaches (or detaches) the simulator app that answers the simulator paths. */
export function attachSimulatorApp(deps: AppDeps, app: Koa | undefined): void {
  simulatorSlot(deps).handler = app?.callback();
}

/**
 * Hands simulator paths to the simulator app when one is attached, so in demo mode
 * the server reaches "WeCom" over HTTP on its own port (the same client code as
 * against the real qyapi host) and the browser reaches its OAuth page.
 */
export function simulatorMount(deps: AppDeps): Middleware<AppState> {
  const slot = simulatorSlot(deps);
  return async function simulatorMountMiddleware(ctx, next) {
    const handler = slot.handler;
    if (!handler || !SIMULATOR_PREFIXES.some((p) => ctx.path.startsWith(p))) return next();
    ctx.respond = false;
    await handler(ctx.req, ctx.res);
  };
}
