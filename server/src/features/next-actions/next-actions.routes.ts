import Router from '@koa/router';
import { idParamSchema } from '@shared/api/page.ts';
import { actorOf, auth } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import type { AppState } from '@server/http/types.ts';
import { parse } from '@server/http/validate.ts';
import { assertCustomerAccess } from '@server/policy/policy.ts';
import { nextActions } from './next-actions.service.ts';

/** GET /api/customers/:id/next-actions — up to three key-moment suggestions with reasons and scripts. */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });
  router.get('/customers/:id/next-actions', auth(deps), async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    const actor = actorOf(ctx);
    await assertCustomerAccess(deps.ds, actor, id);
    ctx.body = await nextActions(deps.ds, actor, id);
  });
  return router;
}
