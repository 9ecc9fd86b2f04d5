import Router from '@koa/router';
import { auth } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import type { AppState } from '@server/http/types.ts';
import { parse } from '@server/http/validate.ts';
import { jssdkConfigQuerySchema } from './wecom-jssdk.schema.ts';
import { jssdkConfig } from './wecom-jssdk.service.ts';

/** GET /api/wecom/jssdk-config?url= — what ww.register's getConfigSignature / getAgentConfigSignature need. */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/wecom' });
  router.get('/jssdk-config', auth(deps), async (ctx) => {
    const { url } = parse(jssdkConfigQuerySchema, ctx.query);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await jssdkConfig(deps, url);
  });
  return router;
}
