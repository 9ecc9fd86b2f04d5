/**
 * A closed-loop HTTP load driver for loopback benchmarks: N workers, each
 * running its own sequence of requests back to back over one keep-alive
 * agent, until a deadline. Every request is timed; anything but a 2xx (or a
 * socket error or timeout) counts as an error. Bounded: no request outlives
 * `timeoutMs`, and no worker starts a request after the deadline.
 */
import http from 'node:http';

interface Sample {
  ms: number;
  ok: boolean;
  status: number;
}

export interface LoadStats {
  requests: number;
  errors: number;
  /** Errors by kind: HTTP status, 'timeout', or the socket error code. */
  errorKinds: Record<string, number>;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Requests slower than one second. */
  overOneSecond: number;
}

export interface HttpResult {
  status: number;
  ok: boolean;
  body: string;
  ms: number;
  /** Why it failed: HTTP status, 'timeout' or the socket error code. */ kind: string;
}

export interface HttpClient {
  get(path: string, headers?: Record<string, string>): Promise<HttpResult>;
  close(): void;
}

/** Percentile (nearest rank) of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Collects request results; `stats()` summarises what was added since `reset()`. */
export class Recorder {
  private samples: Sample[] = [];
  private errorKinds: Record<string, number> = {};
  private started = performance.now();
  private stopped: number | null = null;

  reset(): void {
    this.samples = [];
    this.errorKinds = {};
    this.started = performance.now();
    this.stopped = null;
  }

  stop(): void {
    this.stopped = performance.now();
  }

  add(r: HttpResult): void {
    this.samples.push({ ms: r.ms, ok: r.ok, status: r.status });
    if (!r.ok) this.errorKinds[r.kind] = (this.errorKinds[r.kind] ?? 0) + 1;
  }

  stats(): LoadStats {
    const seconds = ((this.stopped ?? performance.now()) - this.started) / 1000;
    const sorted = this.samples.map((s) => s.ms).sort((a, b) => a - b);
    const errors = this.samples.filter((s) => !s.ok).length;
    return {
      requests: this.samples.length,
      errors,
      errorKinds: { ...this.errorKinds },
      seconds,
      perSecond: this.samples.length / seconds,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1] ?? Number.NaN,
      overOneSecond: sorted.filter((ms) => ms > 1000).length,
    };
  }
}

/**
 * A keep-alive client of one origin with at most `maxSockets` connections (a
 * browser opens six per origin); each result carries its time. Free sockets are
 * reused oldest first, so none sits idle long enough for the server's keep-alive
 * timeout to close it under a request being sent.
 */
export function httpClient(origin: string, { timeoutMs = 15_000, maxSockets = 6 } = {}): HttpClient {
  const base = new URL(origin);
  const agent = new http.Agent({ keepAlive: true, maxSockets, scheduling: 'fifo' });
  return {
    get(path, headers = {}) {
      const started = performance.now();
      return new Promise((resolve) => {
        let settled = false;
        const done = (status: number, body: string, kind?: string) => {
          if (settled) return;
          settled = true;
          const ok = status >= 200 && status < 300;
          resolve({ status, ok, body, ms: performance.now() - started, kind: kind ?? String(status) });
        };
        const req = http.request({ host: base.hostname, port: base.port, path, method: 'GET', agent, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
          res.on('error', (err: NodeJS.ErrnoException) => done(0, '', err.code ?? 'response_error'));
        });
        req.setTimeout(timeoutMs, () => {
          done(0, '', 'timeout');
          req.destroy();
        });
        req.on('error', (err: NodeJS.ErrnoException) => done(0, '', err.code ?? 'request_error'));
        req.end();
      });
    },
    close: () => agent.destroy(),
  };
}

/** Runs `workers` loops of `step(worker)` until `seconds` have passed; resolves when the last in-flight step ends. */
export async function runClosedLoop(workers: number, seconds: number, step: (worker: number) => Promise<void>): Promise<void> {
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      while (performance.now() < deadline) await step(w);
    }),
  );
}
