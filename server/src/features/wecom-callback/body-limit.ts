/** Where WeCom delivers callbacks (the URL configured in the WeCom admin console). */
export const CALLBACK_PATH = '/wecom/callback';

/** WeCom's deliveries are a few KB; a body anywhere near this is not WeCom's. */
export const CALLBACK_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * The body cap of a request path: the callback cap for the receiver, however
 * the router would still match it (any case, trailing slash), else none.
 */
export function callbackBodyLimit(path: string): number | undefined {
  return path.toLowerCase().replace(/\/+$/, '') === CALLBACK_PATH ? CALLBACK_BODY_LIMIT_BYTES : undefined;
}
