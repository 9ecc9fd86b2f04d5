import type { Logger } from 'pino';
import type { DefaultState } from 'koa';

/** What middleware puts on ctx.state for the handlers after it. */
export interface AppState extends DefaultState {
  requestId: string;
  log: Logger;
}
