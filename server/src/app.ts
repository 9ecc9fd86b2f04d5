import { resolve } from 'node:path';
import Koa from 'koa';
import type Router from '@koa/router';
import type { AppDeps } from './context.ts';
import { errorHandler } from './http/error-handler.ts';
import { jsonBody } from './http/json-body.ts';
import { requestId } from './http/request-id.ts';
import { simulatorMount } from './http/simulator-mount.ts';
import { staticSidebar } from './http/static-sidebar.ts';
import type { AppState } from './http/types.ts';
import { importAll } from './lib/discover.ts';

export const SIDEBAR_DIST = resolve(import.meta.dirname, '../../dist/sidebar');
const FEATURES_DIR = resolve(import.meta.dirname, 'features');

/** What every `features/<name>/<name>.routes.ts` exports. */
export type RoutesFactory = (deps: AppDeps) => Router<AppState>;

/** Builds the Koa app: middleware chain, then the router of each feature folder. */
export async function createApp(deps: AppDeps): Promise<Koa<AppState>> {
  const app = new Koa<AppState>();
  app.proxy = true;
  app.silent = true;
  app.use(requestId());
  app.use(errorHandler());
  app.use(simulatorMount(deps));
  app.use(staticSidebar(SIDEBAR_DIST));
  app.use(jsonBody());

  const modules = await importAll(FEATURES_DIR, /\.routes\.ts$/, { recursive: true });
  for (const { file, mod } of modules) {
    const factory = mod.routes;
    if (typeof factory !== 'function') throw new Error(`${file} must export routes(deps)`);
    const router = (factory as RoutesFactory)(deps);
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}
