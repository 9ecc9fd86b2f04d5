import Router from '@koa/router';
import type { RfmLatestRunResponse, RfmSettingsResponse } from '@shared/rfm/api.ts';
import { audit } from '@server/audit/audit.ts';
import { actorOf, auth } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import { RfmRunEntity } from '@server/entities/RfmRun.ts';
import type { AppState } from '@server/http/types.ts';
import { parse } from '@server/http/validate.ts';
import { enqueueRfm } from './rfm.jobs.ts';
import { loadRfmSettings, saveRfmSettings } from './settings.ts';
import { presentRfmRun } from './rfm.presenter.ts';
import { rfmSettingsBodySchema } from './rfm.schema.ts';

/**
 * GET  /api/rfm/runs/latest        (manager, admin) how the current tiers were drawn
 * GET  /api/admin/settings/rfm     (admin) window, churn silence days, fixed thresholds
 * PUT  /api/admin/settings/rfm     (admin) validated, audit-logged; applies from the next recompute
 * POST /api/admin/rfm/recompute    (admin) queue a full recompute now
 */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });

  router.get('/rfm/runs/latest', auth(deps, { roles: ['manager', 'admin'] }), async (ctx) => {
    const run = await deps.ds.getRepository(RfmRunEntity).findOne({ where: { status: 'succeeded' }, order: { id: 'DESC' } });
    const body: RfmLatestRunResponse = { run: run ? presentRfmRun(run) : null };
    ctx.body = body;
  });

  router.get('/admin/settings/rfm', auth(deps, { roles: ['admin'] }), async (ctx) => {
    const body: RfmSettingsResponse = { settings: await loadRfmSettings(deps.ds) };
    ctx.body = body;
  });

  router.put('/admin/settings/rfm', auth(deps, { roles: ['admin'] }), async (ctx) => {
    const settings = parse(rfmSettingsBodySchema, ctx.request.body);
    const before = await loadRfmSettings(deps.ds);
    await deps.ds.transaction(async (em) => {
      await saveRfmSettings(em, settings);
      await audit(em, actorOf(ctx), 'rfm_settings.update', { type: 'setting', id: 'rfm' }, { before, after: settings }, ctx.ip);
    });
    // Takes effect at the next recompute (nightly, or POST /api/admin/rfm/recompute).
    const body: RfmSettingsResponse = { settings };
    ctx.body = body;
  });

  router.post('/admin/rfm/recompute', auth(deps, { roles: ['admin'] }), async (ctx) => {
    await enqueueRfm(deps, 'api');
    await audit(deps.ds.manager, actorOf(ctx), 'rfm.recompute', { type: 'rfm_run' });
    ctx.status = 202;
    ctx.body = { ok: true };
  });
  return router;
}
