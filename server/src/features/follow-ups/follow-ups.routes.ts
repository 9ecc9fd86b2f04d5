import Router from '@koa/router';
import type { FollowUpResponse } from '@shared/api/follow-ups.ts';
import { actorOf, auth } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import type { AppState } from '@server/http/types.ts';
import { parse } from '@server/http/validate.ts';
import { createFollowUpRequestSchema, idParamSchema, updateFollowUpRequestSchema } from './follow-ups.schema.ts';
import { completeFollowUp, createFollowUp, listFollowUps } from './follow-ups.service.ts';

/** 跟进记录 on the profile: list, add (with reminder), mark done. */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });

  router.get('/customers/:id/follow-ups', auth(deps), async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    ctx.body = await listFollowUps(deps, actorOf(ctx), id);
  });

  router.post('/customers/:id/follow-ups', auth(deps), async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    const input = parse(createFollowUpRequestSchema, ctx.request.body);
    const body: FollowUpResponse = { followUp: await createFollowUp(deps, actorOf(ctx), id, input) };
    ctx.status = 201;
    ctx.body = body;
  });

  router.patch('/follow-ups/:id', auth(deps), async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    parse(updateFollowUpRequestSchema, ctx.request.body);
    const body: FollowUpResponse = { followUp: await completeFollowUp(deps, actorOf(ctx), id) };
    ctx.body = body;
  });

  return router;
}
