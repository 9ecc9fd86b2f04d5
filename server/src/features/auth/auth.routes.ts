import Router from '@koa/router';
import type { ParameterizedContext } from 'koa';
import { issueSession } from '@server/auth/login.ts';
import type { AppDeps } from '@server/context.ts';
import { AppError } from '@server/http/errors.ts';
import { oauthCallbackInvalid, oauthStateInvalid } from '@server/http/error-catalog.ts';
import type { AppState } from '@server/http/types.ts';
import { parse } from '@server/http/validate.ts';
import { log } from '@server/logger.ts';
import { loginQuerySchema, oauthCallbackQuerySchema } from './auth.schema.ts';
import { authorizeUrl, staffForCode } from './auth.service.ts';
import { makeState, readState } from './oauth-state.ts';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

/** A browser landing on the callback sees a small Chinese page rather than JSON. */
function errorPage(ctx: ParameterizedContext<AppState>, err: AppError): void {
  ctx.status = err.status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>登录失败</title></head><body style="font-family:-apple-system,'PingFang SC',sans-serif;padding:24px;color:#1f2329">
<h3>登录失败</h3><p>${escapeHtml(err.message)}</p><p style="color:#8f959e;font-size:12px">${escapeHtml(err.id)}</p>
<p><a href="/auth/login">重新登录</a></p></body></html>`;
}

/** OAuth2 login in the WeCom webview (wecom-api.md §7): /auth/login → WeCom → /auth/callback → session cookie. */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/auth' });

  router.get('/login', (ctx) => {
    const { redirect } = parse(loginQuerySchema, ctx.query);
    const base = (deps.config.PUBLIC_URL || `${ctx.protocol}://${ctx.host}`).replace(/\/+$/, '');
    const state = makeState(deps.config.sessionSecret, redirect ?? '/');
    ctx.redirect(authorizeUrl(deps.config, `${base}/auth/callback`, state));
  });

  router.get('/callback', async (ctx) => {
    try {
      const parsed = oauthCallbackQuerySchema.safeParse(ctx.query);
      if (!parsed.success) throw oauthCallbackInvalid();
      const redirect = readState(deps.config.sessionSecret, parsed.data.state);
      if (redirect === undefined) throw oauthStateInvalid();
      const staff = await staffForCode(deps, parsed.data.code);
      issueSession(deps, ctx, staff);
      log('http').info({ userid: staff.userid }, 'oauth login');
      ctx.redirect(redirect);
    } catch (err) {
      if (err instanceof AppError && ctx.accepts('json', 'html') === 'html') {
        errorPage(ctx, err);
        return;
      }
      throw err;
    }
  });

  return router;
}
