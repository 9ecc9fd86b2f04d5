import Router from '@koa/router';
import { idParamSchema } from '../../../../shared/src/api/page.ts';
import { actorOf, auth } from '../../auth/auth.middleware.ts';
import type { AppDeps } from '../../context.ts';
import type { AppState } from '../../http/types.ts';
import { parse } from '../../http/validate.ts';
import { assertCustomerAccess } from '../../policy/policy.ts';
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
