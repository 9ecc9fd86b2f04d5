import type { Middleware } from 'koa';
import { invalidJson, payloadTooLarge } from './error-catalog.ts';
import type { AppState } from './types.ts';

declare module 'koa' {
  interface Request {
    /** Raw request bytes (kept for HMAC checks of webhooks and callback signatures). */
    rawBody?: Buffer;
    body?: unknown;
  }
}

/**
 * Reads the body once, keeps the raw bytes (webhook signatures are over them)
 * and parses JSON; XML and other types stay raw for their own parsers.
 */
export function jsonBody({ limitBytes = 2 * 1024 * 1024 } = {}): Middleware<AppState> {
  return async function jsonBodyMiddleware(ctx, next) {
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(ctx.method)) return next();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of ctx.req) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > limitBytes) throw payloadTooLarge();
      chunks.push(buf);
    }
    const raw = Buffer.concat(chunks);
    ctx.request.rawBody = raw;
    if (raw.length > 0 && ctx.is('application/json')) {
      try {
        ctx.request.body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw invalidJson();
      }
    }
    return next();
  };
}
