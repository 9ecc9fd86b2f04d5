import axios, { type AxiosError, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { safeUrl } from '@server/logger.ts';
import { WecomApiError, WecomSchemaError, WecomTransportError } from './errors.ts';
import { isTimeout } from './http-failure.ts';
import { envelopeSchema } from './schemas.ts';

declare module 'axios' {
  interface AxiosRequestConfig {
    /** Marks one attempt of a WeCom API call; the interceptors below act only on these. */
    wecom?: WecomExchange;
  }
}

/**
 * One attempt of one WeCom API call. It rides in the axios request config (a
 * class instance, which axios passes by reference rather than copying), so the
 * caller learns which access token was sent and the interceptors know the API
 * path their typed errors name.
 */
export class WecomExchange {
  /** The access token sent; stays undefined when getting one failed. */
  token: string | undefined;
  private url = '';
  private started = 0;

  constructor(
    /** API path without query string, e.g. /cgi-bin/externalcontact/get. */
    readonly path: string,
    private readonly logger: Logger,
    /** Token source (cached, single flight); absent for gettoken itself. */
    private readonly accessToken?: () => Promise<string>,
  ) {}

  /** Puts the access token first in the query string (params must be URLSearchParams). */
  async prepare(config: InternalAxiosRequestConfig): Promise<InternalAxiosRequestConfig> {
    const params = new URLSearchParams();
    if (this.accessToken) {
      this.token = await this.accessToken();
      params.set('access_token', this.token);
    }
    const query: unknown = config.params;
    if (query instanceof URLSearchParams) for (const [k, v] of query) params.set(k, v);
    config.params = params;
    const qs = params.toString();
    this.url = `${config.url ?? ''}${qs ? `?${qs}` : ''}`;
    this.started = Date.now();
    return config;
  }

  /** HTTP 200 with a JSON envelope whose errcode is 0, or a typed error; the data becomes the parsed body. */
  answer(res: AxiosResponse): AxiosResponse {
    const status = res.status;
    this.logger.debug(
      { method: (res.config.method ?? 'get').toUpperCase(), url: safeUrl(this.url), status, ms: Date.now() - this.started },
      'WeCom call',
    );
    if (status !== 200) throw new WecomTransportError('http', this.path, `HTTP ${status}`, status);
    let json: unknown;
    try {
      json = JSON.parse(typeof res.data === 'string' ? res.data : '');
    } catch {
      throw new WecomTransportError('invalid_body', this.path, 'response is not JSON');
    }
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success) throw new WecomSchemaError(this.path, issuesOf(envelope.error));
    if (envelope.data.errcode !== 0) throw new WecomApiError(envelope.data.errcode, envelope.data.errmsg, this.path);
    res.data = json;
    return res;
  }

  /** No answer at all: the request's timeout, or the connection failed. */
  failure(err: AxiosError): WecomTransportError {
    if (isTimeout(err)) return new WecomTransportError('timeout', this.path, `no answer within ${err.config?.timeout ?? 0} ms`);
    return new WecomTransportError('network', this.path, safeUrl(err.message), undefined, { cause: err.cause });
  }
}

export function issuesOf(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** Request interceptor: adds the access token to WeCom calls. */
export function addAccessToken(config: InternalAxiosRequestConfig): Promise<InternalAxiosRequestConfig> | InternalAxiosRequestConfig {
  return config.wecom ? config.wecom.prepare(config) : config;
}

/** Response interceptor: errcode ≠ 0 and unusable answers of WeCom calls become the typed errors. */
export function readWecomAnswer(res: AxiosResponse): AxiosResponse {
  return res.config.wecom ? res.config.wecom.answer(res) : res;
}

/** Response interceptor (rejected): transport errors of WeCom calls become WecomTransportError; others pass on. */
export function readWecomFailure(err: unknown): never {
  if (axios.isAxiosError(err) && err.config?.wecom) throw err.config.wecom.failure(err);
  throw err;
}
