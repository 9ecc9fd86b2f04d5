import Router from '@koa/router';
import { actorOf, auth } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import type { AppState } from '@server/http/types.ts';
import { parse } from '@server/http/validate.ts';
import { idParamSchema } from '@shared/api/page.ts';
import { createTransferBodySchema, transferJobItemsQuerySchema, transferPreviewBodySchema } from '@shared/api/transfer.ts';
import { audit } from '@server/audit/audit.ts';
import { enqueueTransferRun } from './transfer.jobs.ts';
import { createTransfer, listTransfers, previewTransfer, retryFailed, transferDetail, transferOptions } from './transfer.service.ts';

/** 在职/离职继承 for admins and managers (within their departments; the policy decides). */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/transfer' });
  const managers = auth(deps, { roles: ['manager', 'admin'] });

  router.get('/options', managers, async (ctx) => {
    ctx.body = await transferOptions(deps, actorOf(ctx));
  });

  router.post('/preview', managers, async (ctx) => {
    const body = parse(transferPreviewBodySchema, ctx.request.body);
    ctx.body = await previewTransfer(deps, actorOf(ctx), body.filter, body.includeGroups);
  });

  router.get('/jobs', managers, async (ctx) => {
    ctx.body = { items: await listTransfers(deps, actorOf(ctx)) };
  });

  router.post('/jobs', managers, async (ctx) => {
    const actor = actorOf(ctx);
    const body = parse(createTransferBodySchema, ctx.request.body);
    const id = await createTransfer(deps, actor, body);
    await audit(
      deps.ds.manager,
      actor,
      'transfer.create',
      { type: 'transfer_job', id },
      { filter: body.filter, takeover: body.takeover },
      ctx.ip,
    );
    await enqueueTransferRun(deps);
    ctx.status = 201;
    ctx.body = await transferDetail(deps, actor, id, { limit: 50 });
  });

  router.get('/jobs/:id', managers, async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    ctx.body = await transferDetail(deps, actorOf(ctx), id, parse(transferJobItemsQuerySchema, ctx.query));
  });

  router.post('/jobs/:id/retry', managers, async (ctx) => {
    const actor = actorOf(ctx);
    const { id } = parse(idParamSchema, ctx.params);
    const requeued = await retryFailed(deps, actor, id);
    await audit(deps.ds.manager, actor, 'transfer.retry', { type: 'transfer_job', id }, { requeued }, ctx.ip);
    await enqueueTransferRun(deps);
    ctx.body = { requeued };
  });

  return router;
}
