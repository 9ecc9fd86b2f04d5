import type { Context } from 'koa';

const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Reads a request body as UTF-8 (2 MB cap); undefined when over the cap. */
export async function readBodyText(ctx: Context): Promise<string | undefined> {
  return (await readBodyBytes(ctx, MAX_BODY_BYTES))?.toString('utf8');
}

/** Reads a request body as bytes; undefined when over `limit`. */
export async function readBodyBytes(ctx: Context, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > limit) return undefined;
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Parses JSON text; `{ ok: false }` on a syntax error, undefined value for an empty body. */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(trimmed) as unknown };
  } catch {
    return { ok: false };
  }
}
