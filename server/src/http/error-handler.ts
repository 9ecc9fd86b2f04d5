import type { Middleware } from 'koa';
import { ZodError } from 'zod';
import { isDatabaseUnavailable } from '@server/db/errors.ts';
import { AppError, unavailable, type ErrorBody } from './errors.ts';
import type { AppState } from './types.ts';

const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Turns every thrown error into the error vocabulary. AppErrors keep their
 * status, id and message; zod errors are 400 `invalid_input`; anything else
 * is a plain 500 whose details go to the log only — except a database that is
 * down, unreachable or busy: 503 `database_unavailable` with Retry-After, since
 * the same request will work once it is back. Failed queries are logged by
 * statement and driver code, never with their values (see logger.ts).
 */
export function errorHandler(): Middleware<AppState> {
  return async function errorHandlerMiddleware(ctx, next) {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined && ctx.respond !== false) {
        throw new AppError(404, 'route_not_found', '接口不存在');
      }
    } catch (caught) {
      let err = caught;
      if (!(err instanceof AppError) && isDatabaseUnavailable(err)) {
        ctx.state.log?.warn({ err }, 'database unavailable');
        ctx.set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
        err = unavailable('database_unavailable', '数据库暂时不可用，请稍后再试');
      }
      const body: ErrorBody = { error: { id: 'internal_error', message: '服务器出错了，请稍后再试', requestId: ctx.state.requestId } };
      if (err instanceof AppError) {
        ctx.status = err.status;
        body.error.id = err.id;
        body.error.message = err.message;
        if (err.details !== undefined) body.error.details = err.details;
      } else if (err instanceof ZodError) {
        ctx.status = 400;
        body.error.id = 'invalid_input';
        body.error.message = '请求参数有误';
        body.error.details = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      } else if (isHttpError(err) && err.status < 500) {
        // Koa/body-parser errors such as 413 or malformed JSON.
        ctx.status = err.status;
        body.error.id = err.status === 413 ? 'payload_too_large' : 'bad_request';
        body.error.message = err.status === 413 ? '请求内容过大' : '请求格式有误';
      } else {
        ctx.status = 500;
        ctx.state.log?.error({ err }, 'unhandled error');
      }
      ctx.body = body;
    }
  };
}

function isHttpError(err: unknown): err is { status: number } {
  return typeof err === 'object' && err !== null && 'status' in err && typeof (err as { status: unknown }).status === 'number';
}
