import type { z } from 'zod';

/** An API failure in the server's error vocabulary; message is Chinese and safe to show. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly id: string, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * fetch + JSON + zod: every response is validated against the shared contract,
 * so a server change that breaks the wire format fails loudly here.
 */
export async function apiGet<S extends z.ZodType>(path: string, schema: S, init?: RequestInit): Promise<z.infer<S>> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin', ...init, headers: { accept: 'application/json', ...init?.headers } });
  } catch {
    throw new ApiError(0, 'network_error', '网络连接失败，请检查网络后重试');
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const err = (body as { error?: { id?: string; message?: string } } | undefined)?.error;
    throw new ApiError(res.status, err?.id ?? 'http_error', err?.message ?? `请求失败（${res.status}）`);
  }
  return schema.parse(body);
}
