import type { z } from 'zod';

/** An API failure in the server's error vocabulary; message is Chinese and safe to show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler | undefined;

/** Installed once by the session bootstrap: what a 401 in the middle of a session should do. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | undefined): void {
  onUnauthorized = handler;
}

async function request(path: string, init: RequestInit): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin', ...init, headers: { accept: 'application/json', ...init.headers } });
  } catch {
    throw new ApiError(0, 'network_error', '网络连接失败，请检查网络后重试');
  }
  const body: unknown = res.status === 204 ? undefined : await res.json().catch(() => undefined);
  if (!res.ok) {
    const err = (body as { error?: { id?: string; message?: string } } | undefined)?.error;
    if (res.status === 401) onUnauthorized?.();
    throw new ApiError(res.status, err?.id ?? 'http_error', err?.message ?? `请求失败（${res.status}）`);
  }
  return body;
}

/**
 * The response schema, loaded on demand. The shared zod contracts (and zod itself,
 * ~28 KB gzip) are dynamic imports, so they stay out of the initial bundle and load
 * while the first requests are in flight.
 */
export type SchemaLoader<T> = () => Promise<z.ZodType<T>>;
/** A schema, or (preferred in the sidebar) a loader of it. */
export type SchemaSource<T> = z.ZodType<T> | SchemaLoader<T>;

const loadSchema = <T>(source: SchemaSource<T>): Promise<z.ZodType<T>> =>
  typeof source === 'function' ? source() : Promise.resolve(source);

/**
 * fetch + JSON + zod: every response is validated against the shared contract,
 * so a server change that breaks the wire format fails loudly here.
 */
export async function apiGet<T>(path: string, schema: SchemaSource<T>, init?: RequestInit): Promise<T> {
  const [body, s] = await Promise.all([request(path, init ?? {}), loadSchema(schema)]);
  return parseOrThrow(s, body);
}

/**
 * fetch + JSON checked by a hand-written `check` instead of a zod schema: only for the responses
 * in front of the first screen (api/first-screen-checks.ts), where loading zod would cost more
 * than the request.
 */
export async function apiGetChecked<T>(path: string, check: (body: unknown) => T, init?: RequestInit): Promise<T> {
  return check(await request(path, init ?? {}));
}

/** POST/PATCH/PUT/DELETE with a JSON body; the response is validated like apiGet's. */
export async function apiSend<T>(
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body: unknown,
  schema: SchemaSource<T>,
): Promise<T> {
  const init: RequestInit = { method, headers: { 'content-type': 'application/json' } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const [res, s] = await Promise.all([request(path, init), loadSchema(schema)]);
  return parseOrThrow(s, res);
}

/** POST of a file's bytes as the body (content type = the file's), the response validated like apiGet's. */
export async function apiUpload<T>(path: string, body: Blob, contentType: string, schema: SchemaSource<T>): Promise<T> {
  const [res, s] = await Promise.all([
    request(path, { method: 'POST', headers: { 'content-type': contentType }, body }),
    loadSchema(schema),
  ]);
  return parseOrThrow(s, res);
}

function parseOrThrow<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError(500, 'bad_response', '服务器返回的数据格式不正确，请刷新后重试');
  return parsed.data;
}

/** Builds `path?k=v&…`, skipping empty values. */
export function withQuery(path: string, query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (typeof v === 'string' ? v !== '' : typeof v === 'number' || typeof v === 'boolean') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** A Chinese message for any thrown value (ApiError messages come from the server and are safe to show). */
export function errorMessage(err: unknown, fallback = '加载失败，请稍后重试'): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error && /[\u4e00-\u9fa5]/.test(err.message)) return err.message;
  return fallback;
}
