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

export class CallStats {
  private since = new Date();
  private endpoints = new Map<string, EndpointStats>();

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
  }
}
