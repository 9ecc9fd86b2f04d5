import type { Context, Middleware } from 'koa';
import { invalidJson, malformedRequest, payloadTooLarge } from './error-catalog.ts';
import type { AppState } from './types.ts';

declare module 'koa' {
  interface Request {
    /** Raw request bytes (kept for HMAC checks of webhooks and callback signatures). */
    rawBody?: Buffer;
    body?: unknown;
  }
}

export interface JsonBodyOptions {
  /** Largest body accepted (default 2 MB). */
  limitBytes?: number;
  /** A smaller limit for some paths (undefined = limitBytes). */
  limitFor?: (path: string) => number | undefined;
}

/**
 * Reads the body once, keeps the raw bytes (webhook signatures are over them)
 * and parses JSON; XML and other types stay raw for their own parsers.
 */
export function jsonBody({ limitBytes = 2 * 1024 * 1024, limitFor }: JsonBodyOptions = {}): Middleware<AppState> {
  return async function jsonBodyMiddleware(ctx, next) {
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(ctx.method)) {
      await next();
      return;
    }
    const raw = await readBody(ctx, limitFor?.(ctx.path) ?? limitBytes);
    ctx.request.rawBody = raw;
    if (raw.length > 0 && ctx.is('application/json')) {
      try {
        ctx.request.body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw invalidJson();
      }
    }
    await next();
  };
}

/**
 * Collects at most `limit` bytes. A larger body (declared or streamed) is
 * refused without reading the rest: the stream is paused rather than drained,
 * and the connection closes after the 413 so the unread bytes are never taken.
 */
function readBody(ctx: Context, limit: number): Promise<Buffer> {
  const tooLarge = () => {
    ctx.set('Connection', 'close');
    return payloadTooLarge();
  };
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limit) return Promise.reject(tooLarge());
  const req = ctx.req;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done();
        req.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks));
    };
    // The client went away mid-body: nobody is left to answer, so no stack trace for it either.
    const onError = () => {
      done();
      reject(malformedRequest());
    };
    const onClose = () => {
      if (req.complete) return;
      onError();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
