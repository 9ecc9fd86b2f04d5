import type { Middleware } from 'koa';
import { ZodError } from 'zod';
import { isDatabaseUnavailable } from '@server/db/errors.ts';
import { AppError, type ErrorBody } from './errors.ts';
import { databaseUnavailable, internalError, invalidInput, malformedRequest, payloadTooLarge, routeNotFound } from './error-catalog.ts';
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
        throw routeNotFound();
      }
    } catch (caught) {
      let err = caught;
      if (!(err instanceof AppError) && isDatabaseUnavailable(err)) {
        ctx.state.log?.warn({ err }, 'database unavailable');
        ctx.set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
        err = databaseUnavailable();
      }
      const body: ErrorBody = { error: { id: internalError.id, message: internalError.message, requestId: ctx.state.requestId } };
      if (err instanceof AppError) {
        ctx.status = err.status;
        body.error.id = err.id;
        body.error.message = err.message;
        if (err.details !== undefined) body.error.details = err.details;
      } else if (err instanceof ZodError) {
        const invalid = invalidInput(err.issues);
        ctx.status = invalid.status;
        body.error.id = invalid.id;
        body.error.message = invalid.message;
        body.error.details = invalid.details;
      } else if (isHttpError(err) && err.status < 500) {
        // Koa/body-parser errors such as 413 or malformed JSON.
        const known = err.status === 413 ? payloadTooLarge : malformedRequest;
        ctx.status = err.status;
        body.error.id = known.id;
        body.error.message = known.message;
      } else {
        ctx.status = 500;
        ctx.state.log?.error({ err }, 'unhandled error');
      }
      ctx.body = body;
    }
  };
}

function isHttpError(err: unknown): err is { status: number } {
  return typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number';
}
