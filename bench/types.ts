/**
 * The bench scenario contract (see docs/demo-and-bench.md). A scenario is a file
 * bench/scenarios/<name>.ts exporting `scenario` (or default, or top-level
 * name/description/run) with `run(ctx)` returning rows that put each measured
 * figure next to its floor (the physical/raw limit or the budget it is judged by).
 */
import type { DataSource } from 'typeorm';
import type { DemoOptions } from '@server/demo/index.ts';

export type BenchScale = 'small' | 'medium' | 'large';

export interface BenchRow {
  metric: string;
  value: number;
  unit: string;
  /** The reference the value is compared with (raw-driver floor, budget…); null when there is none on this database. */
  floor: number | null;
  floorLabel: string;
  /** Whether a bigger value is better (throughput) or worse (latency, size). Default: 'higher' when unit ends in '/s'. */
  better?: 'higher' | 'lower';
}

export interface BenchContext {
  scale: BenchScale;
  /** The demo corp size of this scale (small 2k, medium 100k, large 1M customers). */
  demo: DemoOptions;
  /** Bench database URL (BENCH_DATABASE_URL, or the SQLite fallback). */
  databaseUrl: string;
  kind: 'mysql' | 'sqlite';
  /** --seconds: how long a timed scenario (load) runs; undefined = its default. */
  seconds?: number;
  /** --guides: how many guides a load scenario simulates; undefined = its default. */
  guides?: number;
  /** A new DataSource on the bench database, migrated; the scenario destroys it. */
  openDataSource(): Promise<DataSource>;
  /**
   * A DataSource on the bench database holding exactly the demo corp of this scale (seeded once and
   * reused across scenarios and runs). The scenario must not destroy it, and must leave the data as
   * it found it or call `invalidateDemo()` so the next user re-seeds.
   */
  demoDataSource(): Promise<DataSource>;
  invalidateDemo(): Promise<void>;
  /** Progress line on stderr (kept out of the result table). */
  log(message: string): void;
}

export interface BenchScenario {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}
