import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { log, logEnabled } from '@server/logger.ts';
import type { AppState } from './types.ts';

const SLOW_REQUEST_MS = 1000;

/** Gives every request an id (honouring a sane incoming X-Request-Id) and a logger that carries it. */
export function requestId(): Middleware<AppState> {
  return async function requestIdMiddleware(ctx, next) {
    const incoming = ctx.get('x-request-id');
    const id = /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = id;
    // Made on first use: most requests never log, and a child logger is not free under load.
    let logger: Logger | undefined;
    Object.defineProperty(ctx.state, 'log', {
      get: () => (logger ??= log('http', { reqId: id })),
      set: (value: Logger) => {
        logger = value;
      },
      enumerable: true,
      configurable: true,
    });
    ctx.set('X-Request-Id', id);
    const started = performance.now();
    try {
      await next();
    } finally {
      // A line per request costs a real share of the CPU under load: routine ones are debug,
      // server errors and slow requests stay visible at the default level.
      const ms = Math.round(performance.now() - started);
      const line = { method: ctx.method, path: ctx.path, status: ctx.status, ms };
      if (ctx.status >= 500) ctx.state.log.warn(line, 'request failed');
      else if (ms >= SLOW_REQUEST_MS) ctx.state.log.warn(line, 'slow request');
      else if (logEnabled('debug')) ctx.state.log.debug(line, 'request');
    }
  };
}
