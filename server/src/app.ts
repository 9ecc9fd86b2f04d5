import { resolve } from 'node:path';
import Koa from 'koa';
import type { AppDeps } from './context.ts';
import { errorHandler } from './http/error-handler.ts';
import { jsonBody } from './http/json-body.ts';
import { requestId } from './http/request-id.ts';
import { simulatorMount } from './http/simulator-mount.ts';
import { staticSidebar } from './http/static-sidebar.ts';
import type { AppState } from './http/types.ts';
import { FEATURE_ROUTES } from './features/index.ts';
import { callbackBodyLimit } from './features/wecom-callback/index.ts';

export const SIDEBAR_DIST = resolve(import.meta.dirname, '../../dist/sidebar');

/** Builds the Koa app: middleware chain, then the router of each feature (features/index.ts). */
export async function createApp(deps: AppDeps): Promise<Koa<AppState>> {
  const app = new Koa<AppState>();
  app.proxy = true;
  app.silent = true;
  app.use(requestId());
  app.use(errorHandler());
  app.use(simulatorMount(deps));
  app.use(staticSidebar(SIDEBAR_DIST));
  app.use(jsonBody({ limitFor: callbackBodyLimit }));

  for (const [, factory] of FEATURE_ROUTES) {
    const router = factory(deps);
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}
