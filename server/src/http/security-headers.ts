import type { Middleware } from 'koa';
import type { AppState } from './types.ts';

/** The WeCom hosts allowed to frame the sidebar; nobody else may (clickjacking). */
export const WECOM_FRAME_ANCESTORS = ['https://*.work.weixin.qq.com', 'https://work.weixin.qq.com'];

/**
 * The sidebar is Vite output: scripts and stylesheets are files on this origin, the Vant icon
 * font is an asset file, and avatars come from WeChat's https image hosts. Style *attributes*
 * must stay allowed: Vue inserts large static template parts as HTML strings and the chart
 * tooltips are HTML, both with style="…". style-src-attr allows exactly those and
 * style-src-elem keeps <style> elements out; a browser without those directives falls
 * back to style-src.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "style-src-elem 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data: https:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  `frame-ancestors ${WECOM_FRAME_ANCESTORS.join(' ')}`,
].join('; ');

/**
 * Headers every response of ours carries. HSTS only in production, where PUBLIC_URL is
 * https; API answers are per-user and never stored by a cache.
 */
export function securityHeaders({ production }: { production: boolean }): Middleware<AppState> {
  return async function securityHeadersMiddleware(ctx, next) {
    ctx.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'strict-origin-when-cross-origin');
    if (production) ctx.set('Strict-Transport-Security', 'max-age=31536000');
    if (ctx.path === '/api' || ctx.path.startsWith('/api/')) ctx.set('Cache-Control', 'no-store');
    await next();
  };
}
