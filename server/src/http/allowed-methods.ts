import type Router from '@koa/router';
import { methodNotAllowed, methodNotImplemented } from './error-catalog.ts';
import type { AppState } from './types.ts';

type RouterMiddleware = ReturnType<Router<AppState>['allowedMethods']>;

/**
 * The router's 405/501 answers in the error vocabulary. The router's own `throw` option
 * would drop the Allow header, so let it answer and then turn the empty answer into ours.
 */
export function allowedMethods(router: Router<AppState>): RouterMiddleware {
  const answer = router.allowedMethods();
  return async function allowedMethodsMiddleware(ctx, next) {
    await answer(ctx, next);
    if (ctx.body !== undefined && ctx.body !== null) return;
    if (ctx.status === 405) throw methodNotAllowed();
    if (ctx.status === 501) throw methodNotImplemented();
  };
}
