import Router from '@koa/router';
import { actorOf, auth } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import type { AppState } from '@server/http/types.ts';
import { parse } from '@server/http/validate.ts';
import { openCustomerParamSchema } from './sidebar-open.schema.ts';
import { openCustomer } from './sidebar-open.service.ts';

/** GET /api/open/customer/:externalUserid — the first screen of a 1v1 chat in one call (docs/sidebar-api.md). */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });
  router.get('/open/customer/:externalUserid', auth(deps), async (ctx) => {
    const { externalUserid } = parse(openCustomerParamSchema, ctx.params);
    ctx.body = await openCustomer(deps, actorOf(ctx), externalUserid);
  });
  return router;
}
