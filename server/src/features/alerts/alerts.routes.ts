import Router from '@koa/router';
import { alertSettingsSchema, type AlertsResponse } from '@shared/api/alerts.ts';
import { actorOf, auth } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import type { AppState } from '@server/http/types.ts';
import { parse } from '@server/http/validate.ts';
import { alertSettings, myAlerts, saveAlertSettings } from './alerts.service.ts';

/** The member's own alerts and alert settings (quiet hours, mute); nobody reads or sets another's. */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/me' });
  const { ds } = deps;
  router.get('/alert-settings', auth(deps), async (ctx) => {
    ctx.body = await alertSettings(ds, actorOf(ctx).staffId);
  });
  router.put('/alert-settings', auth(deps), async (ctx) => {
    ctx.body = await saveAlertSettings(ds, actorOf(ctx).staffId, parse(alertSettingsSchema, ctx.request.body));
  });
  router.get('/alerts', auth(deps), async (ctx) => {
    const body: AlertsResponse = { items: await myAlerts(ds, actorOf(ctx).staffId) };
    ctx.body = body;
  });
  return router;
}
