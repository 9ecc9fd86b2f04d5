import type { Context, Middleware } from 'koa';
import { z } from 'zod';
import { parseJsonText, readBodyBytes, readBodyText } from './http-body.ts';
import { parseMultipart, type MultipartFile } from './multipart.ts';
import type { CallStats } from './stats.ts';
import type { SwitchBoard } from './switches.ts';
import type { TokenStore } from './tokens.ts';
import type { WxBody } from './types.ts';
import { WxError, errorBody } from './wx-error.ts';

/** What a /cgi-bin handler sees. */
export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Scheme and host the call came in on (for URLs the simulator serves itself, e.g. QR images). */
  origin: string;
  /** Parsed JSON body of a POST (undefined for GET or an empty body). */
  body: unknown;
  /** File parts of a multipart POST (routes with `body: 'multipart'`, e.g. media/upload). */
  files?: MultipartFile[];
}

export type ApiHandler = (req: ApiRequest) => WxBody | Promise<WxBody>;

export interface ApiRoute {
  method: 'GET' | 'POST';
  /** Full path, e.g. /cgi-bin/externalcontact/get. */
  path: string;
  handler: ApiHandler;
  /** Requires a valid access_token (default true; gettoken does not). */
  token?: boolean;
  /** Subject to the per-minute frequency switch (default true; auth/getuserinfo is exempt, as in WeCom). */
  rateLimited?: boolean;
  /** How a POST body is read: JSON (default) or multipart/form-data (media uploads). */
  body?: 'json' | 'multipart';
}

/** Path → route table; extensions add their own /cgi-bin routes here. */
export class ApiRoutes {
  private routes = new Map<string, ApiRoute>();

  add(route: ApiRoute): void {
    if (!route.path.startsWith('/cgi-bin/')) throw new Error(`simulator API routes live under /cgi-bin/: ${route.path}`);
    if (this.routes.has(route.path)) throw new Error(`duplicate simulator route ${route.path}`);
    this.routes.set(route.path, route);
  }

  get(path: string): ApiRoute | undefined {
    return this.routes.get(path);
  }

  paths(): string[] {
    return [...this.routes.keys()].sort();
  }
}

async function readJson(ctx: Context): Promise<unknown> {
  const text = await readBodyText(ctx);
  if (text === undefined) throw new WxError(40058, 'request body too large');
  const parsed = parseJsonText(text);
  // WeCom lists "bad JSON" under 40058 (wecom-api.md §3).
  if (!parsed.ok) throw new WxError(40058, 'wrong json format');
  return parsed.value;
}

async function readMultipart(ctx: Context): Promise<MultipartFile[]> {
  const bytes = await readBodyBytes(ctx, MEDIA_BODY_LIMIT);
  // WeCom answers an oversized or unreadable upload with 40058 / 45001 (§5.18.1).
  if (bytes === undefined) throw new WxError(45001, 'media size out of limit');
  const files = parseMultipart(ctx.get('content-type'), bytes);
  if (!files) throw new WxError(40058, 'multipart/form-data body expected');
  return files;
}

/** Largest media WeCom takes (file 20 MB, §5.18.1) plus the multipart framing. */
const MEDIA_BODY_LIMIT = 21 * 1024 * 1024;

/** zod-validates a request body or query; failures are WeCom's 40058. */
export function parseParams<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new WxError(40058, issue ? `${issue.path.join('.') || 'body'} ${issue.message}` : undefined);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface ApiMiddlewareDeps {
  routes: ApiRoutes;
  tokens: TokenStore;
  switches: SwitchBoard;
  stats: CallStats;
}

/**
 * Serves /cgi-bin/* like WeCom: unknown path → HTTP 404 with an empty body;
 * business errors → HTTP 200 with errcode. Order per call: count, latency,
 * injected failure, method, access token, frequency limit, handler.
 */
export function apiMiddleware({ routes, tokens, switches, stats }: ApiMiddlewareDeps): Middleware {
  return async function simulatorApi(ctx, next) {
    if (!ctx.path.startsWith('/cgi-bin/')) {
      await next();
      return;
    }
    const route = routes.get(ctx.path);
    if (!route) {
      ctx.status = 404;
      ctx.body = '';
      return;
    }
    stats.call(route.path);
    const sw = switches.get();
    if (sw.latencyMs > 0) await sleep(sw.latencyMs);

    let body: WxBody;
    try {
      const failure = switches.nextFailure();
      if (failure === 'http502') {
        stats.http502(route.path);
        ctx.status = 502;
        ctx.type = 'text/html';
        ctx.body = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';
        return;
      }
      if (failure === 'busy') throw new WxError(-1);
      // WeCom answers 40058 when a POST API is called with GET (and vice versa).
      if (ctx.method !== route.method) throw new WxError(40058, `use ${route.method}`);
      const query = new URLSearchParams(ctx.querystring);
      if (route.token !== false) {
        const token = query.get('access_token');
        if (!token) throw new WxError(41001);
        const check = tokens.check(token);
        if (check === 'invalid') throw new WxError(40014);
        if (check === 'expired') throw new WxError(42001);
      }
      if (route.rateLimited !== false && switches.overRateLimit(route.path)) throw new WxError(45009);
      const origin = `${ctx.protocol}://${ctx.host}`;
      if (route.body === 'multipart') {
        const files = await readMultipart(ctx);
        body = await route.handler({ method: ctx.method, path: route.path, query, origin, body: undefined, files });
      } else {
        const parsed = route.method === 'POST' ? await readJson(ctx) : undefined;
        if (parsed !== undefined) stats.body(route.path, parsed);
        body = await route.handler({ method: ctx.method, path: route.path, query, origin, body: parsed });
      }
    } catch (err) {
      if (!(err instanceof WxError)) throw err;
      body = errorBody(err.errcode, err.message, err.extra);
    }
    if (body.errcode !== 0) stats.error(route.path);
    ctx.status = 200;
    ctx.type = 'application/json; charset=UTF-8';
    ctx.body = JSON.stringify(body);
  };
}
