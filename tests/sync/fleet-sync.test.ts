/**
 * Two instances of the server on one database (in this process, each with its
 * own in-process job runner — the "one instance, two job runners" case of a
 * fleet; the two-process MariaDB + Redis version is tests/fleet/fleet.test.ts):
 * one sync at a time, takeover of a run whose instance died, and a run that
 * lost its lease commits nothing more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSyncResponseSchema, syncRunListResponseSchema, syncRunSchema, type StartSyncResponse } from '@shared/api/sync.ts';
import { dbTime } from '@server/db/sql.ts';
import { LeaseLostError } from '@server/jobs/lease.ts';
import { runFullSync } from '@server/features/sync/full-sync.ts';
import { registerFeatureJobs } from '@server/jobs-bootstrap.ts';
import { wecomClientFor } from '@server/wecom/client.ts';
import { sessionHeaders } from '../support/auth.ts';
import type { TestApp } from '../support/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { count, diffDumps, dumpTables, interceptCalls, startAppFor, startSmallSim, type Sim } from './support.ts';
import { waitFor } from '../support/wait-for.ts';

/** One session secret for the fleet; short leases so takeovers happen within seconds (production: 30 s / 5 s). */
const FAST = {
  SESSION_SECRET: 'one-secret-for-the-whole-fleet',
  JOB_LEASE_SECONDS: '2',
  JOB_HEARTBEAT_SECONDS: '1',
  SYNC_DAILY_AT: 'off',
  CALLBACK_POLL_SECONDS: '0',
};

interface RunRow {
  id: number;
  status: string;
  owner: string | null;
  takeovers: number;
  taken_over_from: string | null;
  finished_at: unknown;
  active_key: string | null;
}
const runs = async (app: TestApp): Promise<RunRow[]> =>
  app.deps.ds.query('SELECT id, status, owner, takeovers, taken_over_from, finished_at, active_key FROM sync_run ORDER BY id');
const friendLost = (app: TestApp) => count(app.deps.ds, "SELECT COUNT(*) FROM interaction WHERE type = 'friend_lost'");
const lostRelations = (app: TestApp) => count(app.deps.ds, 'SELECT COUNT(*) FROM customer_follow WHERE lost_at IS NOT NULL');

describe('a fleet of two instances on one database', () => {
  let sim: Sim;
  let clean: Awaited<ReturnType<typeof dumpTables>>;
  let cleanCalls = 0;
  let adminId: string;
  beforeAll(async () => {
    sim = await startSmallSim({ switches: { latencyMs: 10 } });
    adminId = [...sim.state.users.values()].find((u) => (u.status ?? 1) === 1)!.userid;
    const app = await startAppFor(sim, { ...FAST, ADMIN_USERIDS: adminId });
    sim.stats.reset();
    await runFullSync(app.deps);
    cleanCalls = dataCalls();
    clean = await dumpTables(app.deps.ds);
    await app.stop();
  });
  afterAll(async () => {
    await sim?.close();
  });

  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of databases) await db.drop();
  });

  /** Instances a and b on one fresh database. */
  async function fleet(envA: Record<string, string> = {}, envB: Record<string, string> = {}): Promise<[TestApp, TestApp]> {
    const db = await createTestDatabase();
    databases.push(db);
    const a = await startAppFor(sim, { ...FAST, ADMIN_USERIDS: adminId, INSTANCE_ID: 'inst-a', ...envA }, db);
    const b = await startAppFor(sim, { ...FAST, ADMIN_USERIDS: adminId, INSTANCE_ID: 'inst-b', ...envB }, db);
    return [a, b];
  }

  /** WeCom calls other than token fetches (each instance fetches its own token). */
  const dataCalls = () =>
    Object.entries(sim.stats.snapshot().endpoints)
      .filter(([path]) => !path.endsWith('/gettoken'))
      .reduce((sum, [, e]) => sum + e.calls, 0);

  it('two admins starting a sync at the same moment on two instances get one run: WeCom read once, nothing marked lost', async () => {
    const [a, b] = await fleet();
    try {
      await runFullSync(a.deps); // the corp is there (and the admin can log in)
      await registerFeatureJobs(a.deps, { only: ['sync'] });
      await registerFeatureJobs(b.deps, { only: ['sync'] });
      const follows = await count(a.deps.ds, 'SELECT COUNT(*) FROM customer_follow WHERE lost_at IS NULL');
      sim.stats.reset();
      const headers = await sessionHeaders(a, adminId);
      const start = async (app: TestApp): Promise<{ status: number; body: StartSyncResponse }> => {
        const res = await app.request('/api/admin/sync', { method: 'POST', headers });
        const json: unknown = await res.json();
        if (res.status >= 300 && res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(json)}`);
        return { status: res.status, body: startSyncResponseSchema.parse(json) };
      };
      const answers = await Promise.all([start(a), start(b), start(a), start(b)]);
      const ids = new Set(answers.map((x) => x.body.id));
      expect(ids.size).toBe(1);
      expect(answers.filter((x) => !x.body.alreadyRunning).map((x) => x.status)).toEqual([202]);
      const id = [...ids][0]!;
      await waitFor('the run to end', async () => {
        const run = syncRunSchema.parse(await (await a.request(`/api/admin/sync/${id}`, { headers })).json());
        return run.status === 'succeeded' || run.status === 'failed' ? run : undefined;
      });
      const all = await runs(a);
      expect(all.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
      // WeCom read once: the same calls as one clean sync.
      expect(dataCalls()).toBe(cleanCalls);
      expect(await lostRelations(a)).toBe(0);
      expect(await friendLost(a)).toBe(0);
      expect(await count(a.deps.ds, 'SELECT COUNT(*) FROM customer_follow WHERE lost_at IS NULL')).toBe(follows);
    } finally {
      await b.stop();
      await a.stop();
    }
  });

  it('a run whose instance died is taken over by the live one within seconds and ends equal to an uninterrupted run', async () => {
    const [a, b] = await fleet();
    try {
      await registerFeatureJobs(b.deps, { only: ['sync'] });
      // Instance a stalls forever at its 20th WeCom call (past its first commits), as a killed process would…
      let reached!: () => void;
      const stalling = new Promise<void>((r) => (reached = r));
      const stalled = runFullSync(a.deps, {
        client: interceptCalls(wecomClientFor(a.deps), (n) => {
          if (n < 20) return undefined;
          reached();
          return new Promise<void>(() => undefined);
        }),
      });
      stalled.catch(() => undefined);
      await stalling;
      // …and goes silent: its database connections are gone, so no heartbeat renews its lease.
      const killedAt = Date.now();
      await a.stop();
      const done = await waitFor(
        'b to finish the run',
        async () => {
          const [run] = await runs(b);
          return run?.status === 'succeeded' ? run : undefined;
        },
        30_000,
      );
      const tookMs = Date.now() - killedAt;
      console.log(
        `fleet (one database, two runners): ${done.owner} finished the run ${tookMs} ms after inst-a went silent (lease 2 s, heartbeat 1 s)`,
      );
      expect(done).toMatchObject({ owner: 'inst-b', takeovers: 1, taken_over_from: 'inst-a', active_key: null });
      expect(tookMs).toBeLessThan(30_000);
      expect(diffDumps(clean, await dumpTables(b.deps.ds))).toEqual([]);
      expect(await friendLost(b)).toBe(0);
      // What an operator reads: the answering instance, the run's owner and takeover, who last held the sync.
      const status = syncRunListResponseSchema.parse(
        await (await b.request('/api/admin/sync', { headers: await sessionHeaders(b, adminId) })).json(),
      );
      expect(status.instance).toBe('inst-b');
      expect(status.items[0]).toMatchObject({ id: done.id, status: 'succeeded', owner: 'inst-b', takeovers: 1, takenOverFrom: 'inst-a' });
      expect(status.holders.find((h) => h.job === 'sync.full')).toMatchObject({
        owner: 'inst-b',
        state: 'free',
        takeovers: 1,
        takenOverFrom: 'inst-a',
      });
    } finally {
      await b.stop();
      await a.stop().catch(() => undefined);
    }
  });

  it('a run whose lease was taken over commits nothing more when its instance wakes up (no friend_lost from the zombie)', async () => {
    // a renews rarely, so its lease can be expired by hand before its next heartbeat.
    const [a, b] = await fleet({ JOB_LEASE_SECONDS: '60', JOB_HEARTBEAT_SECONDS: '30' });
    try {
      let wake!: () => void;
      let reached!: () => void;
      const paused = new Promise<void>((r) => (wake = r));
      const pausing = new Promise<void>((r) => (reached = r));
      const zombie = runFullSync(a.deps, {
        client: interceptCalls(wecomClientFor(a.deps), (n) => {
          if (n !== 20) return undefined;
          reached();
          return paused;
        }),
      });
      zombie.catch(() => undefined);
      await pausing;
      // a's process froze past its lease (a long GC pause, a partitioned host): b resumes the run and finishes it.
      await a.deps.ds.query('UPDATE job_lease SET expires_at = ? WHERE name = ?', [dbTime(Date.now() - 1000), 'sync.full']);
      const result = await runFullSync(b.deps);
      expect(result.resumed).toBe(true);
      wake();
      await expect(zombie).rejects.toBeInstanceOf(LeaseLostError);
      expect(await runs(b)).toMatchObject([{ status: 'succeeded', owner: 'inst-b', takeovers: 1 }]);
      expect(diffDumps(clean, await dumpTables(b.deps.ds))).toEqual([]);
      expect(await friendLost(b)).toBe(0);
    } finally {
      await b.stop();
      await a.stop();
    }
  });

  it('a failed run gets its end time and frees the sync; the next start resumes it', async () => {
    const [a, b] = await fleet();
    try {
      const dying = interceptCalls(wecomClientFor(a.deps), (n) => {
        if (n === 12) throw new Error('WeCom answered garbage');
      });
      await expect(runFullSync(a.deps, { client: dying })).rejects.toThrow(/garbage/);
      const [failed] = await runs(a);
      expect(failed).toMatchObject({ status: 'failed', active_key: null, owner: 'inst-a' });
      expect(failed?.finished_at).not.toBeNull();
      const resumed = await runFullSync(b.deps);
      expect(resumed).toMatchObject({ runId: failed?.id, resumed: true });
      expect(diffDumps(clean, await dumpTables(b.deps.ds))).toEqual([]);
    } finally {
      await b.stop();
      await a.stop();
    }
  });
});
