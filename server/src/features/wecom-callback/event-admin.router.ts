import Router from '@koa/router';
import { replayWecomEventsBodySchema, type ReplayWecomEventsResponse, type WecomEventQueue } from '@shared/api/wecom-events.ts';
import { actorOf, auth } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import type { AppState } from '@server/http/types.ts';
import { parse } from '@server/http/validate.ts';
import { eventQueueStatus, replayFailedEvents } from './event-admin.service.ts';
import { wakeEventProcessor } from './wecom-callback.jobs.ts';

/**
 * Admin view of the callback queue (shown on the status page):
 * GET  /api/admin/wecom-events        queued / retrying (earliest next try) / failed counts
 * POST /api/admin/wecom-events/replay {ids} or {all: true}: failed events queued again, audit-logged
 */
export function eventAdminRouter(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/admin/wecom-events' });
  const admin = auth(deps, { roles: ['admin'] });

  router.get('/', admin, async (ctx) => {
    const body: WecomEventQueue = await eventQueueStatus(deps);
    ctx.body = body;
  });

  router.post('/replay', admin, async (ctx) => {
    const requeued = await replayFailedEvents(deps, actorOf(ctx), parse(replayWecomEventsBodySchema, ctx.request.body), ctx.ip || null);
    if (requeued > 0) await wakeEventProcessor(deps);
    const body: ReplayWecomEventsResponse = { requeued };
    ctx.body = body;
  });

  return router;
}
