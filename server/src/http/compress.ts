import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';
import { promisify } from 'node:util';
import type { Context, Middleware } from 'koa';
import type { AppState } from './types.ts';

/** Bodies below this go out as they are: a TCP packet carries them anyway and compressing costs CPU. */
export const COMPRESS_THRESHOLD_BYTES = 1024;
/** Above this the work moves to the thread pool instead of blocking the event loop. */
const SYNC_LIMIT_BYTES = 64 * 1024;
/** Dynamic responses: brotli quality 4 compresses JSON better than gzip 6 at about the same CPU. */
const BROTLI_PARAMS = { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT };

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|x-ndjson|csv)|image\/svg\+xml)/i;

export type ContentEncoding = 'br' | 'gzip';

/** The encoding to answer with: brotli when the client takes it, then gzip, else none. */
export function pickEncoding(ctx: Context): ContentEncoding | undefined {
  // (Asked one by one: given several, the negotiator prefers the client's order, which lists gzip first.)
  if (!ctx.get('Accept-Encoding')) return undefined;
  if (ctx.acceptsEncodings('br', 'identity') === 'br') return 'br';
  if (ctx.acceptsEncodings('gzip', 'identity') === 'gzip') return 'gzip';
  return undefined;
}

async function encode(data: Buffer, encoding: ContentEncoding): Promise<Buffer> {
  if (data.length <= SYNC_LIMIT_BYTES) {
    return encoding === 'br' ? brotliCompressSync(data, { params: BROTLI_PARAMS }) : gzipSync(data, { level: 6 });
  }
  return encoding === 'br' ? brotliAsync(data, { params: BROTLI_PARAMS }) : gzipAsync(data, { level: 6 });
}

/** The body as bytes when it is a finished text response we may compress (streams and files are left alone). */
function bodyBytes(ctx: Context): Buffer | undefined {
  const body: unknown = ctx.body;
  if (typeof body === 'string') return Buffer.from(body);
  if (Buffer.isBuffer(body)) return body;
  if (body !== null && typeof body === 'object' && !('pipe' in body)) return Buffer.from(JSON.stringify(body));
  return undefined;
}

/**
 * gzip / brotli for the API's JSON and every other text body built in memory (HTML, CSV, XML),
 * above COMPRESS_THRESHOLD_BYTES. Files of the built sidebar are compressed at build time and
 * served as they are (static-sidebar.ts). Every compressible answer says `Vary: Accept-Encoding`,
 * so a shared cache never hands brotli to a client that cannot read it.
 */
export function compress(): Middleware<AppState> {
  return async function compressMiddleware(ctx, next) {
    await next();
    if (ctx.method === 'HEAD' || ctx.status === 204 || ctx.status === 304 || ctx.body == null) return;
    if (!COMPRESSIBLE.test(ctx.response.type || '')) return;
    ctx.vary('Accept-Encoding');
    if (ctx.response.get('Content-Encoding')) return;
    const encoding = pickEncoding(ctx);
    if (!encoding) return;
    const data = bodyBytes(ctx);
    if (!data || data.length < COMPRESS_THRESHOLD_BYTES) return;
    const type = ctx.response.type;
    ctx.body = await encode(data, encoding);
    ctx.type = type;
    ctx.set('Content-Encoding', encoding);
  };
}
