import Router from '@koa/router';
import { actorOf, auth } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import type { AppState } from '@server/http/types.ts';
import { home } from './home.service.ts';

/** GET /api/home — the guide's reminders and counts (my customers list is GET /api/my/customers). */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });
  router.get('/home', auth(deps), async (ctx) => {
    ctx.body = await home(deps, actorOf(ctx));
  });
  return router;
}
