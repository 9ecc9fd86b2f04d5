import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import { log } from '@server/logger.ts';
import type { AppState } from './types.ts';

/** Gives every request an id (honouring a sane incoming X-Request-Id) and a logger that carries it. */
export function requestId(): Middleware<AppState> {
  return async function requestIdMiddleware(ctx, next) {
    const incoming = ctx.get('x-request-id');
    const id = /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = id;
    ctx.state.log = log('http', { reqId: id });
    ctx.set('X-Request-Id', id);
    const started = performance.now();
    try {
      await next();
    } finally {
      ctx.state.log.info(
        { method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(performance.now() - started) },
        'request',
      );
    }
  };
}
