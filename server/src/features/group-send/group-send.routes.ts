import Router from '@koa/router';
import { createGroupSendRequestSchema } from '@shared/api/group-send.ts';
import { idParamSchema } from '@shared/api/page.ts';
import { audit } from '@server/audit/audit.ts';
import { actorOf, auth } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import type { AppState } from '@server/http/types.ts';
import { parse } from '@server/http/validate.ts';
import {
  cancelGroupSend,
  createGroupSend,
  groupSendDetail,
  groupSendList,
  groupSendOptions,
  previewGroupSend,
  remindGroupSend,
} from './group-send.service.ts';

/**
 * 群发 for managers and admins: preview (recipients, daily limit, a rendered
 * sample), send, list, results per guide and recipient, remind, cancel. The
 * target is always resolved inside the actor's scope (the policy).
 */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/group-sends' });
  const managers = auth(deps, { roles: ['manager', 'admin'] });

  router.get('/', managers, async (ctx) => {
    ctx.body = await groupSendList(deps, actorOf(ctx));
  });

  router.get('/options', managers, async (ctx) => {
    ctx.body = await groupSendOptions(deps, actorOf(ctx));
  });

  router.post('/preview', managers, async (ctx) => {
    ctx.body = await previewGroupSend(deps, actorOf(ctx), parse(createGroupSendRequestSchema, ctx.request.body), new Date());
  });

  router.post('/', managers, async (ctx) => {
    const actor = actorOf(ctx);
    const input = parse(createGroupSendRequestSchema, ctx.request.body);
    const detail = await createGroupSend(deps, actor, input, new Date());
    await audit(
      deps.ds.manager,
      actor,
      'group_send.create',
      { type: 'group_send', id: String(detail.id) },
      { recipients: detail.recipients },
      ctx.ip,
    );
    ctx.status = 201;
    ctx.body = detail;
  });

  router.get('/:id', managers, async (ctx) => {
    ctx.body = await groupSendDetail(deps, actorOf(ctx), parse(idParamSchema, ctx.params).id, new Date());
  });

  router.post('/:id/remind', managers, async (ctx) => {
    ctx.body = await remindGroupSend(deps, actorOf(ctx), parse(idParamSchema, ctx.params).id, new Date());
  });

  router.post('/:id/cancel', managers, async (ctx) => {
    const actor = actorOf(ctx);
    const { id } = parse(idParamSchema, ctx.params);
    ctx.body = await cancelGroupSend(deps, actor, id, new Date());
    await audit(deps.ds.manager, actor, 'group_send.cancel', { type: 'group_send', id: String(id) }, {}, ctx.ip);
  });

  return router;
}
