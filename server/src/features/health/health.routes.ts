import Router from '@koa/router';
import type { AppDeps } from '@server/context.ts';
import { dbKind, pendingMigrations } from '@server/db/data-source.ts';
import type { AppState } from '@server/http/types.ts';
import type { HealthResponse } from '@shared/api/health.ts';

/** GET /healthz: database reachable, migrations current, which WeCom the server talks to. */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/healthz', async (ctx) => {
    let database: HealthResponse['database'] = 'ok';
    let pending: string[] = [];
    try {
      await deps.ds.query('SELECT 1');
      pending = await pendingMigrations(deps.ds);
    } catch (err) {
      ctx.state.log.warn({ err }, 'health check: database unreachable');
      database = 'unreachable';
    }
    const body: HealthResponse = {
      status: database === 'ok' && pending.length === 0 ? 'ok' : 'degraded',
      database,
      databaseKind: dbKind(deps.config.DATABASE_URL),
      migrations: { current: database === 'ok' && pending.length === 0, pending },
      wecom: { mode: deps.config.wecomMode },
    };
    ctx.status = body.status === 'ok' ? 200 : 503;
    ctx.body = body;
  });
  return router;
}
