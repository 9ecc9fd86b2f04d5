import Router from '@koa/router';
import { actorOf, auth } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import type { AppState } from '@server/http/types.ts';
import type { MeResponse } from '@shared/api/me.ts';

/** GET /api/me: who the session belongs to (the sidebar's first call). */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });
  router.get('/me', auth(deps), (ctx) => {
    const actor = actorOf(ctx);
    const body: MeResponse = { userid: actor.userid, name: actor.name, role: actor.role };
    ctx.body = body;
  });
  return router;
}
