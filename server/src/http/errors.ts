import type * as catalog from './error-catalog.ts';

/** The statuses the API answers errors with. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 500 | 501 | 502 | 503;

/** Every stable id in the catalog: the `error.id` a client may switch on. */
export type ErrorId = {
  [K in keyof typeof catalog]: (typeof catalog)[K] extends { readonly status: ErrorStatus; readonly id: infer I extends string }
    ? I
    : never;
}[keyof typeof catalog];

/**
 * The one error vocabulary of the API: an HTTP status, a stable machine id the
 * sidebar can switch on, and a Chinese message safe to show a guide.
 * Built only by the factories in `error-catalog.ts`.
 * Anything else thrown becomes a plain 500 `internal_error` with no internals.
 */
export class AppError extends Error {
  readonly expose = true;
  constructor(
    readonly status: ErrorStatus,
    readonly id: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export interface ErrorBody {
  error: { id: string; message: string; details?: unknown; requestId?: string };
}
