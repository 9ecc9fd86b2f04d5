import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncAbortedError, runFullSync } from '@server/features/sync/full-sync.ts';
import type { SyncApi } from '@server/features/sync/stages/context.ts';
import { wecomClientFor } from '@server/wecom/client.ts';
import type { TestApp } from '../support/test-app.ts';
import { diffDumps, dumpTables, interceptCalls, startAppFor, startSmallSim, type Sim } from './support.ts';

/** A client that dies (like a killed process) on its n-th call of any API. */
function dyingClient(api: SyncApi, n: number): SyncApi {
  return interceptCalls(api, (call) => {
    if (call === n) throw new Error(`process killed at call ${n}`);
  });
}

describe('kill and resume', () => {
  let sim: Sim;
  let clean: Awaited<ReturnType<typeof dumpTables>>;
  let commits = 0;
  let calls = 0;
  beforeAll(async () => {
    sim = await startSmallSim();
    const app = await startAppFor(sim);
    const r = await runFullSync(app.deps, {
      onProgress: () => {
        commits += 1;
      },
    });
    calls = r.counts.apiCalls ?? 0;
    clean = await dumpTables(app.deps.ds);
    await app.stop();
  });
  afterAll(async () => {
    await sim?.close();
  });

  const withApp = async (fn: (app: TestApp) => Promise<void>) => {
    const app = await startAppFor(sim);
    try {
      await fn(app);
    } finally {
      await app.stop();
    }
  };

  it('a run stopped after any committed batch resumes from its checkpoint to exactly the clean result', async () => {
    expect(commits).toBeGreaterThan(5);
    for (const stopAfter of [1, 2, 3, Math.floor(commits / 2), commits - 2]) {
      await withApp(async (app) => {
        const controller = new AbortController();
        let n = 0;
        await expect(
          runFullSync(app.deps, {
            signal: controller.signal,
            onProgress: () => {
              n += 1;
              if (n === stopAfter) controller.abort();
            },
          }),
        ).rejects.toBeInstanceOf(SyncAbortedError);
        const resumed = await runFullSync(app.deps);
        expect(resumed.resumed).toBe(true);
        expect(diffDumps(clean, await dumpTables(app.deps.ds))).toEqual([]);
        const runs: Array<{ status: string }> = await app.deps.ds.query('SELECT status FROM sync_run');
        expect(runs).toEqual([{ status: 'succeeded' }]);
      });
    }
  });

  it('a run that dies in the middle of a batch (before its commit) resumes to exactly the clean result', async () => {
    for (const dieAt of [3, Math.floor(calls / 2), calls - 3]) {
      await withApp(async (app) => {
        await expect(runFullSync(app.deps, { client: dyingClient(wecomClientFor(app.deps), dieAt) })).rejects.toThrow(/killed/);
        await runFullSync(app.deps);
        expect(diffDumps(clean, await dumpTables(app.deps.ds))).toEqual([]);
      });
    }
  });

  it('survives token expiry, 45009 rate limiting and -1/502 failures mid-sync with the clean result', async () => {
    await withApp(async (app) => {
      sim.switches.update({ tokenTtlSeconds: 1, failureRate: 0.15, seed: 3, latencyMs: 5 });
      sim.stats.reset();
      try {
        const run = runFullSync(app.deps);
        // Rate limit for a moment in the middle of the run: calls get 45009 until the window "ends".
        await new Promise((r) => setTimeout(r, 150));
        sim.switches.update({ rateLimitPerMin: 1 });
        await new Promise((r) => setTimeout(r, 1200));
        sim.switches.update({ rateLimitPerMin: 0 });
        await run;
      } finally {
        sim.switches.update({ tokenTtlSeconds: 7200, failureRate: 0, rateLimitPerMin: 0, latencyMs: 0 });
      }
      const endpoints = Object.values(sim.stats.snapshot().endpoints);
      // Business errors (-1, 45009, 42001) and injected 502s really happened during the run.
      expect(endpoints.reduce((n, e) => n + e.errors, 0)).toBeGreaterThan(3);
      expect(endpoints.reduce((n, e) => n + e.http502, 0)).toBeGreaterThan(0);
      expect(diffDumps(clean, await dumpTables(app.deps.ds))).toEqual([]);
    });
  });
});
