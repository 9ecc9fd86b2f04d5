import type { Middleware } from 'koa';
import { z } from 'zod';
import type { SimContext } from './context.ts';
import type { OAuthCodes } from './identity.ts';
import { hashString } from './random.ts';

export const OAUTH_AUTHORIZE_PATH = '/connect/oauth2/authorize';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const paramsSchema = z.object({
  appid: z.string().min(1),
  redirect_uri: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//i.test(u), 'http(s) only'),
  response_type: z.literal('code'),
  scope: z.enum(['snsapi_base', 'snsapi_privateinfo']),
  state: z.string().max(128).optional(),
  agentid: z.string().optional(),
  /** Simulator-only: pick this member at once (no page). */
  userid: z.string().optional(),
  /** Simulator-only: act as a non-member WeChat user who is this customer. */
  external_userid: z.string().optional(),
});

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f5f6f7;color:#1f2329}
header{background:#1a73e8;color:#fff;padding:14px 16px;font-size:16px}main{padding:12px 16px}
p.note{color:#646a73;font-size:13px}ul{list-style:none;padding:0;margin:0}li{margin:0 0 8px}
a.pick{display:block;background:#fff;border-radius:8px;padding:12px 14px;text-decoration:none;color:inherit}
a.pick small{color:#8f959e;margin-left:6px}.err{color:#d83931}</style></head><body>${body}</body></html>`;
}

/**
 * Stand-in for https://open.weixin.qq.com/connect/oauth2/authorize (§7.1):
 * lists the corp's members to sign in as (or, with ?userid=, redirects at
 * once) and redirects to redirect_uri?code=…&state=…. The code is single-use
 * and resolves through /cgi-bin/auth/getuserinfo.
 */
export function oauthPage(ctx: SimContext, codes: OAuthCodes): Middleware {
  return async function simulatorOAuth(koa, next) {
    if (koa.path !== OAUTH_AUTHORIZE_PATH || koa.method !== 'GET') {
      await next();
      return;
    }
    koa.type = 'text/html; charset=utf-8';
    const parsed = paramsSchema.safeParse(koa.query);
    if (!parsed.success) {
      koa.status = 400;
      koa.body = page(
        '参数错误',
        `<header>企业微信</header><main><p class="err">参数错误：${escapeHtml(parsed.error.issues.map((i) => i.path.join('.')).join('、'))}</p></main>`,
      );
      return;
    }
    const p = parsed.data;
    if (p.appid !== ctx.corp.corpId) {
      koa.status = 400;
      koa.body = page('参数错误', '<header>企业微信</header><main><p class="err">appid 不是本企业的 CorpID</p></main>');
      return;
    }
    if (p.scope === 'snsapi_privateinfo' && p.agentid !== String(ctx.corp.agentId)) {
      koa.status = 400;
      koa.body = page('参数错误', '<header>企业微信</header><main><p class="err">snsapi_privateinfo 需要正确的 agentid</p></main>');
      return;
    }
    const redirectWith = (code: string) => {
      const target = new URL(p.redirect_uri);
      target.searchParams.set('code', code);
      target.searchParams.set('state', p.state ?? '');
      koa.redirect(target.toString());
    };
    if (p.userid !== undefined) {
      const user = ctx.state.users.get(p.userid);
      if (!user) {
        koa.status = 400;
        koa.body = page('成员不存在', `<header>企业微信</header><main><p class="err">成员 ${escapeHtml(p.userid)} 不存在</p></main>`);
        return;
      }
      redirectWith(codes.issue({ kind: 'member', userid: user.userid }, p.scope === 'snsapi_privateinfo'));
      return;
    }
    if (p.external_userid !== undefined) {
      const known = ctx.state.customers.has(p.external_userid);
      const openid = `oSIM${hashString(p.external_userid).toString(36)}`;
      redirectWith(codes.issue({ kind: 'guest', openid, ...(known ? { externalUserid: p.external_userid } : {}) }, false));
      return;
    }
    const here = new URL(koa.href);
    const linkFor = (key: string, value: string) => {
      const u = new URL(here);
      u.searchParams.set(key, value);
      return `${u.pathname}${u.search}`;
    };
    const deptName = new Map(ctx.state.departments.map((d) => [d.id, d.name]));
    const items = [...ctx.state.users.values()]
      .map((u) => {
        const dept = u.department.map((d) => deptName.get(d) ?? String(d)).join('、');
        return `<li><a class="pick" href="${escapeHtml(linkFor('userid', u.userid))}">${escapeHtml(u.name)}<small>${escapeHtml(u.userid)}${dept ? ` · ${escapeHtml(dept)}` : ''}</small></a></li>`;
      })
      .join('\n');
    const firstCustomer = ctx.state.customers.keys().next();
    const guest = firstCustomer.done
      ? ''
      : `<p class="note">或者以非企业成员（微信客户）身份继续：</p><ul><li><a class="pick" href="${escapeHtml(linkFor('external_userid', firstCustomer.value))}">微信用户<small>${escapeHtml(firstCustomer.value)}</small></a></li></ul>`;
    koa.status = 200;
    koa.body = page(
      '选择登录成员',
      `<header>企业微信（模拟器）· 选择登录成员</header><main><p class="note">这是本地 WeCom 模拟器的授权页：选择一位成员，授权后返回应用。</p><ul>${items}</ul>${guest}</main>`,
    );
  };
}
