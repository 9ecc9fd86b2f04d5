import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Middleware } from 'koa';
import send from 'koa-send';
import type { AppState } from './types.ts';

/** Paths owned by the server; everything else under GET is the single-page sidebar. */
const SERVER_PREFIXES = ['/api/', '/wecom/', '/auth/', '/healthz', '/cgi-bin/', '/connect/', '/sim/'];

/**
 * Serves the built sidebar (dist/sidebar) with long-lived caching for hashed
 * assets and an SPA fallback to index.html for client-side routes, brotli or gzip
 * as compressed at build time (`Vary: Accept-Encoding` comes from compress.ts).
 */
export function staticSidebar(root: string): Middleware<AppState> {
  const hasBuild = existsSync(join(root, 'index.html'));
  return async function staticSidebarMiddleware(ctx, next) {
    if (!hasBuild || (ctx.method !== 'GET' && ctx.method !== 'HEAD') || SERVER_PREFIXES.some((p) => ctx.path.startsWith(p))) {
      await next();
      return;
    }
    const isAsset = ctx.path.startsWith('/assets/');
    const path = isAsset || ctx.path === '/favicon.svg' ? ctx.path : '/index.html';
    try {
      await send(ctx, path, {
        root,
        maxage: isAsset ? 365 * 24 * 3600 * 1000 : 0,
        immutable: isAsset,
        // The build wrote .br and .gz copies (precompress.ts); the one the client accepts is sent.
        gzip: true,
        brotli: true,
      });
      if (!isAsset) ctx.set('Cache-Control', 'no-cache');
    } catch {
      await next();
      return;
    }
  };
}

/** True when a built sidebar exists at root. */
export function sidebarBuilt(root: string): boolean {
  return existsSync(join(root, 'index.html'));
}
