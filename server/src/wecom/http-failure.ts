import type { AxiosError } from 'axios';
import { safeUrl } from '@server/logger.ts';

/** A request that got no HTTP answer (timeout, connection error, abort); carries no URL, config or headers. */
export class HttpFailure extends Error {
  readonly code: string | undefined;
  readonly timedOut: boolean;

  constructor(err: AxiosError) {
    super(safeUrl(err.message), { cause: err.cause });
    this.name = 'HttpFailure';
    this.code = err.code;
    this.timedOut = isTimeout(err);
  }
}

/** The request's own timeout (the instances set clarifyTimeoutError, so it is not confused with an abort). */
export function isTimeout(err: AxiosError): boolean {
  return err.code === 'ETIMEDOUT';
}
