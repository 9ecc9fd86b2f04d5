import Router from '@koa/router';
import type { DemoLoadStatus, JobHealth } from '@shared/api/status.ts';
import { auth } from '@server/auth/auth.middleware.ts';
import { isDemoMode } from '@server/config/index.ts';
import type { AppDeps } from '@server/context.ts';
import type { AppState } from '@server/http/types.ts';
import { demoLoadStatus } from './demo-load-status.ts';
import { jobHealth } from './job-health.ts';

/**
 * What the status page shows besides /healthz:
 * GET /api/status/jobs       last sync, archive pull, RFM, rollup and failed callbacks (admin)
 * GET /api/status/demo-load  each part of the demo load (demo mode only; no login, it holds no customer data)
 */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/status' });
  router.get('/jobs', auth(deps, { roles: ['admin'] }), async (ctx) => {
    const body: JobHealth = await jobHealth(deps);
    ctx.body = body;
  });
  if (isDemoMode(deps.config)) {
    router.get('/demo-load', async (ctx) => {
      const body: DemoLoadStatus = await demoLoadStatus(deps);
      ctx.body = body;
    });
  }
  return router;
}
