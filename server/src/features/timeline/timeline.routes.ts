import Router from '@koa/router';
import { actorOf, auth } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import type { AppState } from '@server/http/types.ts';
import { parse } from '@server/http/validate.ts';
import { idParamSchema, timelineQuerySchema } from './timeline.schema.ts';
import { customerTimeline } from './timeline.service.ts';

/** GET /api/customers/:id/timeline — the interaction history on the profile. */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });
  router.get('/customers/:id/timeline', auth(deps), async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    const query = parse(timelineQuerySchema, ctx.query);
    ctx.body = await customerTimeline(deps, actorOf(ctx), id, query, ctx.ip);
  });
  return router;
}
