import Router from '@koa/router';
import type { MeResponse } from '@shared/api/me.ts';
import { issueSession } from '@server/auth/login.ts';
import { isDemoMode } from '@server/config/index.ts';
import type { AppDeps } from '@server/context.ts';
import type { AppState } from '@server/http/types.ts';
import { parse } from '@server/http/validate.ts';
import { log } from '@server/logger.ts';
import { devContextsQuerySchema, devLoginRequestSchema, useridParamSchema } from './dev.schema.ts';
import { activeStaff, devOptions, devStaffContexts } from './dev.service.ts';

/**
 * The demo dev bar (demo mode only): log in as any active member and pick
 * a customer or group chat to stand in for the WeCom client's context. With a
 * real corp configured, and always in production, these routes do not exist (404).
 */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/dev' });
  if (!isDemoMode(deps.config)) return router;

  router.post('/login', async (ctx) => {
    const { userid } = parse(devLoginRequestSchema, ctx.request.body);
    const staff = await activeStaff(deps, userid);
    issueSession(deps, ctx, staff);
    log('http').info({ userid: staff.userid }, 'dev login (simulator mode)');
    const body: MeResponse = { userid: staff.userid, name: staff.name, role: staff.role };
    ctx.body = body;
  });

  router.get('/options', async (ctx) => {
    ctx.body = await devOptions(deps);
  });

  router.get('/options/:userid', async (ctx) => {
    const { userid } = parse(useridParamSchema, ctx.params);
    const { q } = parse(devContextsQuerySchema, ctx.query);
    ctx.body = await devStaffContexts(deps, userid, q);
  });

  return router;
}
