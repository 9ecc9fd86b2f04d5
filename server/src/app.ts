import { resolve } from 'node:path';
import Koa from 'koa';
import { isDemoMode } from './config/index.ts';
import type { AppDeps } from './context.ts';
import { allowedMethods } from './http/allowed-methods.ts';
import { compress } from './http/compress.ts';
import { errorHandler } from './http/error-handler.ts';
import { jsonBody } from './http/json-body.ts';
import { requestId } from './http/request-id.ts';
import { securityHeaders } from './http/security-headers.ts';
import { simulatorMount } from './http/simulator-mount.ts';
import { staticSidebar } from './http/static-sidebar.ts';
import type { AppState } from './http/types.ts';
import { FEATURE_ROUTES } from './features/index.ts';
import { callbackBodyLimit } from './features/wecom-callback/index.ts';

export const SIDEBAR_DIST = resolve(import.meta.dirname, '../../dist/sidebar');

/** Builds the Koa app: middleware chain, then the router of each feature (features/index.ts). */
// eslint-disable-next-line @typescript-eslint/require-await -- the API is Promise-returning; a throw here must reject, not escape
export async function createApp(deps: AppDeps): Promise<Koa<AppState>> {
  // Forwarded headers are believed only when a proxy is said to set them; one hop: the address it appended.
  const app = new Koa<AppState>({ proxy: deps.config.TRUST_PROXY, maxIpsCount: 1 });
  app.silent = true;
  app.use(requestId());
  // Outside the error handler, so error bodies are compressed like the rest.
  app.use(compress());
  app.use(errorHandler());
  // The simulator stands in for WeCom's own hosts, so it keeps its own pages' headers.
  if (isDemoMode(deps.config)) app.use(simulatorMount(deps));
  app.use(securityHeaders({ production: deps.config.NODE_ENV === 'production' }));
  app.use(staticSidebar(SIDEBAR_DIST));
  app.use(jsonBody({ limitFor: callbackBodyLimit }));

  for (const [, factory] of FEATURE_ROUTES) {
    const router = factory(deps);
    app.use(router.routes());
    app.use(allowedMethods(router));
  }
  return app;
}
