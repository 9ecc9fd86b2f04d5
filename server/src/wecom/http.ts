import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosAdapter, type AxiosInstance, type InternalAxiosRequestConfig } from 'axios';
import { addAccessToken, readWecomAnswer, readWecomFailure } from './exchange.ts';
import { HttpFailure } from './http-failure.ts';

declare module 'axios' {
  interface AxiosRequestConfig {
    /**
     * Send once more when a pooled keep-alive socket turns out to be closed by
     * the server. Defaults to true for GET/HEAD/OPTIONS only; a POST opts in
     * when sending it twice is harmless.
     */
    retryStaleSocket?: boolean;
  }
}

/**
 * Below Node's server keepAliveTimeout (5 s, the simulator and our own server
 * are Node servers): an idle pooled socket is dropped here before the server
 * closes it, which is when a request would meet ECONNRESET.
 */
const IDLE_SOCKET_MS = 4000;
const DEFAULT_TIMEOUT_MS = 10_000;
const RESENDABLE_METHODS = new Set(['get', 'head', 'options']);

const instances = new Map<string, AxiosInstance>();

/**
 * The axios instance of one origin (base URL), shared by everything that calls
 * it: keep-alive agents, a default timeout, every status handed back to the
 * caller (like fetch), bodies as text, no proxy from the environment, no
 * redirects. WeCom exchanges (config.wecom) also get the access token added
 * and errcode mapped to the typed errors; transport errors leave as
 * HttpFailure, so the access token in a URL never reaches a log through an
 * AxiosError's config.
 */
export function httpFor(url: string | URL): AxiosInstance {
  const origin = new URL(url).origin;
  let instance = instances.get(origin);
  if (!instance) {
    instance = createInstance(origin);
    instances.set(origin, instance);
  }
  return instance;
}

/**
 * Requests to this origin each open their own connection from now on. For the
 * in-process simulator (demo mode): its server shares our event loop, so a step
 * that blocks the loop past the server's keep-alive timeout leaves a pooled
 * socket that the server closes just as the client reuses it (ECONNRESET on a
 * POST, which is not resent). A loopback connection per request costs little.
 */
export function withoutKeepAlive(url: string | URL): void {
  const origin = new URL(url).origin;
  instances.set(origin, createInstance(origin, false));
}

function createInstance(origin: string, keepAlive = true): AxiosInstance {
  const instance = axios.create({
    baseURL: origin,
    timeout: DEFAULT_TIMEOUT_MS,
    httpAgent: new http.Agent({ keepAlive, timeout: IDLE_SOCKET_MS }),
    httpsAgent: new https.Agent({ keepAlive, timeout: IDLE_SOCKET_MS }),
    adapter: resendingOnStaleSocket(axios.getAdapter('http')),
    // Redirects off so the error of a failed request is the ClientRequest itself (reusedSocket).
    maxRedirects: 0,
    proxy: false,
    responseType: 'text',
    validateStatus: () => true,
    transitional: { clarifyTimeoutError: true },
  });
  instance.interceptors.request.use(addAccessToken);
  instance.interceptors.response.use(readWecomAnswer, readWecomFailure);
  instance.interceptors.response.use(undefined, (err: unknown) => {
    throw axios.isAxiosError(err) ? new HttpFailure(err) : err;
  });
  return instance;
}

function resendingOnStaleSocket(adapter: AxiosAdapter): AxiosAdapter {
  return async (config) => {
    try {
      return await adapter(config);
    } catch (err) {
      if (!mayResend(config) || !isStaleSocket(err)) throw err;
      return adapter(config);
    }
  };
}

function mayResend(config: InternalAxiosRequestConfig): boolean {
  return config.retryStaleSocket ?? RESENDABLE_METHODS.has((config.method ?? 'get').toLowerCase());
}

/** The server closed a pooled socket just as it was reused, so the request most likely never reached it. */
function isStaleSocket(err: unknown): boolean {
  if (!axios.isAxiosError(err) || (err.code !== 'ECONNRESET' && err.code !== 'EPIPE')) return false;
  const req: unknown = err.request;
  return req instanceof http.ClientRequest && req.reusedSocket;
}
