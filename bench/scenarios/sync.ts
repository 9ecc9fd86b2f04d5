/**
 * Full sync throughput: runFullSync of a simulated corp (small: 5k, medium and
 * large: 100k customers) through the WeCom simulator at 30 ms per call, into an
 * empty scratch database next to the bench database. Rows:
 *  - total time next to the API-bound floor: Σ per endpoint calls × latency ÷
 *    the concurrency that endpoint may use (cursor chains are sequential);
 *  - the DB write rate (rows and customers per second of time spent in the
 *    sync's transactions) next to the design target (10k customers/s);
 *  - a repeated (no-op) sync.
 * The simulator runs in a child process, as WeCom is remote.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import mysql from 'mysql2/promise';
import { z } from 'zod';
import { buildConfig } from '@server/config/index.ts';
import { parseEnv } from '@server/config/env.ts';
import type { AppDeps } from '@server/context.ts';
import { openDatabase } from '@server/db/data-source.ts';
import { runFullSync, type SyncProgress } from '@server/features/sync/full-sync.ts';
import { GET_CONCURRENCY } from '@server/features/sync/stages/groups.ts';
import { setWecomClientOptions } from '@server/wecom/client.ts';
import { mysqlConfig } from '../lib/database.ts';
import type { BenchContext, BenchRow, BenchScenario } from '../types.ts';

const LATENCY_MS = 30;
/** The WeCom client's per-endpoint concurrency (its default), which caps the parallel stages. */
const CLIENT_CONCURRENCY = 4;
const CUSTOMERS = { small: 5_000, medium: 100_000, large: 100_000 } as const;

/** How many calls of each endpoint may be in flight at once during a full sync. */
function concurrencyOf(path: string): number {
  if (path.endsWith('/groupchat/get')) return Math.min(GET_CONCURRENCY, CLIENT_CONCURRENCY);
  if (path.endsWith('/get_user_behavior_data') || path.endsWith('/user/list')) return CLIENT_CONCURRENCY;
  return 1; // cursor chains and single calls
}

const statsSchema = z.object({ total: z.number(), endpoints: z.record(z.string(), z.object({ calls: z.number() })) });

/**
 * The simulator in its own process (WeCom is remote: its CPU must not count
 * against the sync), started through `npm run sim`'s entry point.
 */
async function startSimProcess(corp: { customers: number; guides: number; groups: number }): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, '../../server/src/cli/sim.ts')], {
    env: {
      ...process.env,
      SIM_PORT: '0',
      SIM_CUSTOMERS: String(corp.customers),
      SIM_GUIDES: String(corp.guides),
      SIM_GROUPS: String(corp.groups),
      SIM_LATENCY_MS: String(LATENCY_MS),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((res, rej) => {
    let out = '';
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) res(m[1]!);
    });
    child.once('exit', (code) => rej(new Error(`simulator exited with ${code}`)));
  });
  return { url, child };
}

async function simStats(url: string): Promise<z.infer<typeof statsSchema>> {
  return statsSchema.parse(await (await fetch(`${url}/sim/admin/stats`)).json());
}

/** A scratch database next to the bench one, emptied first. */
async function scratchDatabase(ctx: BenchContext): Promise<string> {
  if (ctx.kind === 'sqlite') {
    const path = resolve(dirname(ctx.databaseUrl.slice('sqlite:'.length)), 'bench-sync.sqlite');
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    return `sqlite:${path}`;
  }
  const { database, ...server } = mysqlConfig(ctx.databaseUrl);
  const name = `${database}_sync`;
  const conn = await mysql.createConnection(server);
  await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
  const url = new URL(ctx.databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export const scenario: BenchScenario = {
  name: 'sync',
  description: `full sync of a simulated corp at ${LATENCY_MS} ms per WeCom call (small 5k, medium/large 100k customers)`,
  async run(ctx) {
    const customers = CUSTOMERS[ctx.scale];
    const corp = { customers, guides: customers >= 50_000 ? 60 : 12, groups: Math.max(40, Math.round(customers / 500)) };
    ctx.log(`sync: generating a ${customers}-customer corp for the simulator`);
    const sim = await startSimProcess(corp);
    const url = await scratchDatabase(ctx);
    const ds = await openDatabase(url);
    const closers: Array<() => Promise<void> | void> = [];
    const deps: AppDeps = {
      config: buildConfig(parseEnv({ NODE_ENV: 'test', DATABASE_URL: url, LOG_LEVEL: 'warn' })),
      ds,
      onClose: (fn) => closers.push(fn),
    };
    setWecomClientOptions(deps, { apiBase: sim.url, concurrencyPerEndpoint: CLIENT_CONCURRENCY });
    try {
      let lastStage = '';
      const onProgress = (p: SyncProgress) => {
        if (p.stage !== lastStage) ctx.log(`sync: stage ${p.stage} (${p.counts.apiCalls ?? 0} calls so far)`);
        lastStage = p.stage;
      };
      await fetch(`${sim.url}/sim/admin/stats/reset`, { method: 'POST' });
      const first = await runFullSync(deps, { onProgress });
      const snapshot = await simStats(sim.url);
      let floorMs = 0;
      for (const [path, e] of Object.entries(snapshot.endpoints)) floorMs += (e.calls * LATENCY_MS) / concurrencyOf(path);
      const c = first.counts;
      const dbSeconds = Math.max(0.001, (c.dbMs ?? 0) / 1000);
      const second = await runFullSync(deps);
      const label = `${customers.toLocaleString('en')} customers`;
      const rows: BenchRow[] = [
        {
          metric: `full sync time (${label}, ${snapshot.total} calls)`,
          value: first.ms / 1000,
          unit: 's',
          floor: floorMs / 1000,
          floorLabel: `API-bound floor: calls × ${LATENCY_MS} ms ÷ concurrency`,
          better: 'lower',
        },
        {
          metric: `customers synced per second (${label})`,
          value: customers / (first.ms / 1000),
          unit: 'customers/s',
          floor: customers / (floorMs / 1000),
          floorLabel: 'at the API-bound floor',
        },
        {
          metric: 'DB write rate (rows written ÷ time in sync transactions)',
          value: (c.written ?? 0) / dbSeconds,
          unit: 'rows/s',
          floor: null,
          floorLabel: `${c.written ?? 0} rows in ${dbSeconds.toFixed(1)} s`,
        },
        {
          metric: 'DB write rate in customers',
          value: customers / dbSeconds,
          unit: 'customers/s',
          floor: 10_000,
          floorLabel: 'design target (DESIGN.md)',
        },
        {
          metric: `repeated sync, nothing changed (${label})`,
          value: second.ms / 1000,
          unit: 's',
          floor: floorMs / 1000,
          floorLabel: 'API-bound floor of a full pass',
          better: 'lower',
        },
      ];
      return rows;
    } finally {
      for (const fn of closers.reverse()) await fn();
      await ds.destroy();
      sim.child.kill('SIGTERM');
    }
  },
};
