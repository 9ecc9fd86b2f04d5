/** Per-endpoint call counters (benchmarks read them through GET /sim/admin/stats to count API calls). */
export interface EndpointStats {
  calls: number;
  /** Answers with errcode ≠ 0. */
  errors: number;
  /** Injected HTTP 502 answers. */
  http502: number;
}

export interface StatsSnapshot {
  since: string;
  total: number;
  endpoints: Record<string, EndpointStats>;
}

/** How many POST bodies the simulator keeps, newest last (tests assert what WeCom was asked to do). */
const RECENT_BODIES = 100;

export class CallStats {
  private since = new Date();
  private endpoints = new Map<string, EndpointStats>();
  private recent: Array<{ path: string; body: unknown }> = [];

  private entry(path: string): EndpointStats {
    let e = this.endpoints.get(path);
    if (!e) {
      e = { calls: 0, errors: 0, http502: 0 };
      this.endpoints.set(path, e);
    }
    return e;
  }

  call(path: string): void {
    this.entry(path).calls += 1;
  }

  error(path: string): void {
    this.entry(path).errors += 1;
  }

  /** Keeps a POST body as received (the parsed JSON), so a test can check the exact call, e.g. one mark_tag with add and remove. */
  body(path: string, body: unknown): void {
    this.recent.push({ path, body });
    if (this.recent.length > RECENT_BODIES) this.recent.shift();
  }

  /** The kept POST bodies of one endpoint, oldest first. */
  bodies(path: string): unknown[] {
    return this.recent.filter((r) => r.path === path).map((r) => r.body);
  }

  http502(path: string): void {
    this.entry(path).http502 += 1;
  }

  snapshot(): StatsSnapshot {
    let total = 0;
    const endpoints: Record<string, EndpointStats> = {};
    for (const [path, e] of [...this.endpoints].sort(([a], [b]) => a.localeCompare(b))) {
      endpoints[path] = { ...e };
      total += e.calls;
    }
    return { since: this.since.toISOString(), total, endpoints };
  }

  reset(): void {
    this.since = new Date();
    this.endpoints.clear();
    this.recent = [];
  }
}
