import { createHash } from 'node:crypto';
import Router from '@koa/router';
import type { ParameterizedContext } from 'koa';
import { setHttpOnlyCookie } from '@server/auth/cookies.ts';
import { clearSession, issueSession } from '@server/auth/login.ts';
import type { AppDeps } from '@server/context.ts';
import { AppError } from '@server/http/errors.ts';
import { oauthCallbackInvalid, oauthStateInvalid, oauthStateMismatch } from '@server/http/error-catalog.ts';
import { WECOM_FRAME_ANCESTORS } from '@server/http/security-headers.ts';
import type { AppState } from '@server/http/types.ts';
import { parse } from '@server/http/validate.ts';
import { log } from '@server/logger.ts';
import { loginQuerySchema, oauthCallbackQuerySchema } from './auth.schema.ts';
import { authorizeUrl, staffForCode } from './auth.service.ts';
import { OAUTH_STATE_COOKIE, STATE_TTL_SECONDS, isBoundState, makeState, readState } from './oauth-state.ts';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

const PAGE_CSS = "body{font-family:-apple-system,'PingFang SC',sans-serif;padding:24px;color:#1f2329}.id{color:#8f959e;font-size:12px}";
/** The page's one style block is allowed by its hash: the site-wide policy allows no inline styles. */
const PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(PAGE_CSS).digest('base64')}'; frame-ancestors ${WECOM_FRAME_ANCESTORS.join(' ')}`;

/** A browser landing on the callback sees a small Chinese page rather than JSON. */
function errorPage(ctx: ParameterizedContext<AppState>, err: AppError): void {
  ctx.status = err.status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Content-Security-Policy', PAGE_CSP);
  ctx.body = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>登录失败</title><style>${PAGE_CSS}</style></head><body>
<h3>登录失败</h3><p>${escapeHtml(err.message)}</p><p class="id">${escapeHtml(err.id)}</p>
<p><a href="/auth/login">重新登录</a></p></body></html>`;
}

/** OAuth2 login in the WeCom webview (wecom-api.md §7): /auth/login → WeCom → /auth/callback → session cookie; /auth/logout drops it. */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/auth' });

  router.get('/login', (ctx) => {
    const { redirect } = parse(loginQuerySchema, ctx.query);
    const base = (deps.config.PUBLIC_URL || `${ctx.protocol}://${ctx.host}`).replace(/\/+$/, '');
    const state = makeState(deps.config.sessionSecret, redirect ?? '/');
    setHttpOnlyCookie(deps, ctx, OAUTH_STATE_COOKIE, state, { maxAgeMs: STATE_TTL_SECONDS * 1000, path: '/auth' });
    ctx.redirect(authorizeUrl(deps.config, `${base}/auth/callback`, state));
  });

  router.get('/callback', async (ctx) => {
    try {
      const parsed = oauthCallbackQuerySchema.safeParse(ctx.query);
      if (!parsed.success) throw oauthCallbackInvalid();
      const redirect = readState(deps.config.sessionSecret, parsed.data.state);
      if (redirect === undefined) throw oauthStateInvalid();
      // A link with someone else's state must not log this browser in (login CSRF).
      if (!isBoundState(ctx.cookies.get(OAUTH_STATE_COOKIE), parsed.data.state)) throw oauthStateMismatch();
      setHttpOnlyCookie(deps, ctx, OAUTH_STATE_COOKIE, null, { path: '/auth' });
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

  router.post('/logout', (ctx) => {
    clearSession(deps, ctx);
    ctx.status = 204;
  });

  return router;
}
