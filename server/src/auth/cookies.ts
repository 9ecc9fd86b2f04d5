import type { ParameterizedContext } from 'koa';
import type { AppDeps } from '@server/context.ts';
import type { AppState } from '@server/http/types.ts';

/**
 * Sets (or, with value null, clears) one of our HttpOnly cookies. Production always marks it
 * Secure: TLS usually ends at a proxy there, so the socket alone cannot tell that it is https.
 * Lax keeps it on the top-level redirect back from WeCom's OAuth page.
 */
export function setHttpOnlyCookie(
  deps: AppDeps,
  ctx: ParameterizedContext<AppState>,
  name: string,
  value: string | null,
  { maxAgeMs, path = '/' }: { maxAgeMs?: number; path?: string } = {},
): void {
  const secure = deps.config.NODE_ENV === 'production' || ctx.secure;
  // The cookies module refuses a Secure cookie on a plain socket unless told the request is secure.
  if (secure) ctx.cookies.secure = true;
  ctx.cookies.set(name, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path,
    overwrite: true,
    ...(value !== null && maxAgeMs !== undefined ? { maxAge: maxAgeMs } : {}),
  });
}
