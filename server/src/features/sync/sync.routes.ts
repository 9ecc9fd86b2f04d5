import Router from '@koa/router';
import { actorOf, auth } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import { syncRunNotFound } from '@server/http/error-catalog.ts';
import type { AppState } from '@server/http/types.ts';
import { parse } from '@server/http/validate.ts';
import { presentSyncRun } from './sync.presenter.ts';
import { idParamSchema, syncRunListQuerySchema, type StartSyncResponse, type SyncRunDto, type SyncRunListResponse } from './sync.schema.ts';
import { getSyncRun, listJobHolders, listSyncRuns, startFullSync } from './sync.service.ts';

/**
 * Admin sync API: POST /api/admin/sync queues a full sync (202 + id),
 * GET /api/admin/sync/:id its status/stage/progress/counts/error,
 * GET /api/admin/sync the recent runs, the answering instance and who holds which job.
 */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/admin/sync' });
  const admin = auth(deps, { roles: ['admin'] });

  router.post('/', admin, async (ctx) => {
    const body: StartSyncResponse = await startFullSync(deps, actorOf(ctx), ctx.ip || null);
    ctx.status = body.alreadyRunning ? 200 : 202;
    ctx.body = body;
  });

  router.get('/', admin, async (ctx) => {
    const { limit } = parse(syncRunListQuerySchema, ctx.query);
    const body: SyncRunListResponse = {
      items: (await listSyncRuns(deps, limit)).map(presentSyncRun),
      instance: deps.config.instanceId,
      holders: await listJobHolders(deps),
    };
    ctx.body = body;
  });

  router.get('/:id', admin, async (ctx) => {
    const { id } = parse(idParamSchema, ctx.params);
    const run = await getSyncRun(deps, id);
    if (!run) throw syncRunNotFound();
    const body: SyncRunDto = presentSyncRun(run);
    ctx.body = body;
  });

  return router;
}
