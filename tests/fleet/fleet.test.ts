/**
 * A fleet as an operator runs one: three production server processes (same
 * SESSION_SECRET, one MariaDB database, one Redis with one JOB_QUEUE_PREFIX)
 * against the WeCom simulator answering in 150 ms, WeCom's callbacks arriving
 * through a round-robin load balancer. Checks, in order: kill -9 of the
 * instance running a full sync → another takes it over and finishes it, equal
 * to an uninterrupted run; simultaneous sync requests on two instances → one
 * run, WeCom read once, nothing marked lost; a burst of callbacks to both →
 * each event applied once, in order. Needs TEST_DATABASE_URL=mysql://… and
 * Redis on REDIS_URL (default 127.0.0.1:6379); skipped with the reason otherwise.
 */
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSyncResponseSchema, type StartSyncResponse } from '@shared/api/sync.ts';
import { SESSION_COOKIE, signSession } from '@server/auth/session.ts';
import { openDatabase } from '@server/db/data-source.ts';
import { runFullSync } from '@server/features/sync/full-sync.ts';
import { openRun } from '@server/features/sync/run-store.ts';
import { createBullmqRunner } from '@server/jobs/index.ts';
import { startServerProcess, type ServerProcess } from '../../bench/lib/server-process.ts';
import { PRODUCTION_ENV } from '../support/production-env.ts';
import { startRoundRobin, type RoundRobin } from '../support/round-robin.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { count, diffDumps, dumpTables, startAppFor, startSmallSim, type Sim } from '../sync/support.ts';
import { waitFor } from '../support/wait-for.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const LATENCY_MS = 150;
/** Short leases so the takeover fits the test (production defaults: 30 s lease, 5 s heartbeat). */
const LEASE_SECONDS = 3;

async function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379), timeout: 1000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (b: Buffer) => done(b.toString().startsWith('+PONG')));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

const skipReason = !process.env.TEST_DATABASE_URL?.startsWith('mysql')
  ? 'TEST_DATABASE_URL is not a MySQL/MariaDB server'
  : (await redisAnswers(REDIS_URL))
    ? undefined
    : `Redis does not answer at ${REDIS_URL}`;
if (skipReason) console.log(`tests/fleet/fleet.test.ts skipped: ${skipReason}`);

interface RunRow {
  id: number;
  status: string;
  owner: string | null;
  takeovers: number;
  taken_over_from: string | null;
  checkpoint: string | null;
  finished_at: unknown;
}

describe.skipIf(skipReason !== undefined)('a fleet of three server processes on one MariaDB and one Redis', () => {
  let sim: Sim;
  let db: TestDatabase;
  let ds: DataSource;
  let clean: Awaited<ReturnType<typeof dumpTables>>;
  let cleanCalls = 0;
  let adminId: string;
  const prefix = `fleet_${randomBytes(4).toString('hex')}`;
  const nodes = new Map<string, ServerProcess>();
  let balancer: RoundRobin | undefined;

  const dataCalls = () =>
    Object.entries(sim.stats.snapshot().endpoints)
      .filter(([path]) => !path.endsWith('/gettoken'))
      .reduce((sum, [, e]) => sum + e.calls, 0);
  const runs = (): Promise<RunRow[]> =>
    ds.query('SELECT id, status, owner, takeovers, taken_over_from, checkpoint, finished_at FROM sync_run ORDER BY id');
  const friendLost = () => count(ds, "SELECT COUNT(*) FROM interaction WHERE type = 'friend_lost'");

  beforeAll(async () => {
    sim = await startSmallSim();
    adminId = [...sim.state.users.values()].find((u) => (u.status ?? 1) === 1)!.userid;
    // What an uninterrupted run leaves (in this process, on its own database).
    const reference = await startAppFor(sim, { SYNC_DAILY_AT: 'off' });
    sim.stats.reset();
    await runFullSync(reference.deps);
    cleanCalls = dataCalls();
    clean = await dumpTables(reference.deps.ds);
    await reference.stop();
    sim.switches.update({ latencyMs: LATENCY_MS });

    db = await createTestDatabase();
    ds = await openDatabase(db.url); // migrated once, before the instances start
    const env = (id: string): Record<string, string> => ({
      ...PRODUCTION_ENV,
      WECOM_API_BASE: sim.url,
      WECOM_OAUTH_BASE: sim.url,
      DATABASE_URL: db.url,
      REDIS_URL,
      JOB_QUEUE_PREFIX: prefix,
      INSTANCE_ID: id,
      JOB_LEASE_SECONDS: String(LEASE_SECONDS),
      JOB_HEARTBEAT_SECONDS: '1',
      ADMIN_USERIDS: adminId,
      SYNC_DAILY_AT: 'off',
      ARCHIVE_PULL_INTERVAL_SECONDS: '0',
      CALLBACK_POLL_SECONDS: '5',
    });
    const ids = ['node-1', 'node-2', 'node-3'];
    const started = await Promise.all(ids.map((id) => startServerProcess(env(id), { startTimeoutMs: 90_000 })));
    ids.forEach((id, i) => nodes.set(id, started[i]!));
  }, 180_000);

  afterAll(async () => {
    await balancer?.close();
    await Promise.all([...nodes.values()].map((n) => n.stop(3000)));
    await ds?.destroy();
    await db?.drop();
    await sim?.close();
  });

  it('kill -9 of the instance running a full sync: another takes the run over and finishes it, equal to an uninterrupted run', async () => {
    // A sync is queued as POST /api/admin/sync queues one (no admin can log in before the first sync);
    // whichever instance's BullMQ worker takes the job runs it.
    const { run } = await openRun(ds);
    const queue = createBullmqRunner({ redisUrl: REDIS_URL, prefix });
    await queue.enqueue('sync.full', { syncRunId: run.id }, { jobId: `sync-run-${run.id}` });
    await queue.close();
    const running = await waitFor(
      'a run past its first stages',
      async () => {
        const [run] = await runs();
        return run?.owner && run.checkpoint && /"stage":"(customers|tags|groups)"/.test(String(run.checkpoint)) ? run : undefined;
      },
      60_000,
    );
    const victim = running.owner!;
    const killedAt = Date.now();
    await nodes.get(victim)!.kill();
    nodes.delete(victim);
    const takenOver = await waitFor(
      'a takeover',
      async () => {
        const [run] = await runs();
        return run && run.takeovers > 0 ? { ...run, at: Date.now() } : undefined;
      },
      60_000,
    );
    const done = await waitFor(
      'the run to finish',
      async () => {
        const [run] = await runs();
        return run?.status === 'succeeded' ? { ...run, at: Date.now() } : undefined;
      },
      60_000,
    );
    console.log(
      `fleet: killed ${victim} mid-sync; taken over by ${takenOver.owner} after ${takenOver.at - killedAt} ms, finished ${done.at - killedAt} ms after the kill (lease ${LEASE_SECONDS} s, heartbeat 1 s)`,
    );
    expect(done.at - killedAt).toBeLessThan(60_000);
    expect(done).toMatchObject({ takeovers: 1, taken_over_from: victim });
    expect(done.owner).not.toBe(victim);
    expect(await runs()).toHaveLength(1);
    expect(diffDumps(clean, await dumpTables(ds))).toEqual([]);
    expect(await friendLost()).toBe(0);
  });

  it('sync requests on two instances at the same moment start one run: WeCom read once, nothing marked lost', async () => {
    const [first, second] = [...nodes.values()];
    const [admin] = (await ds.query('SELECT id FROM staff WHERE userid = ?', [adminId])) as Array<{ id: number }>;
    const staffId = admin!.id;
    const token = signSession(PRODUCTION_ENV.SESSION_SECRET!, { sid: staffId, uid: adminId, exp: Math.floor(Date.now() / 1000) + 600 });
    const headers = { cookie: `${SESSION_COOKIE}=${token}` };
    const follows = await count(ds, 'SELECT COUNT(*) FROM customer_follow WHERE lost_at IS NULL');
    sim.stats.reset();
    const start = async (node: ServerProcess): Promise<{ status: number; body: StartSyncResponse }> => {
      const res = await fetch(`${node.url}/api/admin/sync`, { method: 'POST', headers });
      return { status: res.status, body: startSyncResponseSchema.parse(await res.json()) };
    };
    const answers = await Promise.all([start(first!), start(second!), start(first!), start(second!)]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => !a.body.alreadyRunning).map((a) => a.status)).toEqual([202]);
    await waitFor('the run to finish', async () => ((await runs()).every((r) => r.status === 'succeeded') ? true : undefined), 60_000);
    expect(await runs()).toHaveLength(2);
    expect(dataCalls()).toBe(cleanCalls);
    expect(await count(ds, 'SELECT COUNT(*) FROM customer_follow WHERE lost_at IS NOT NULL')).toBe(0);
    expect(await count(ds, 'SELECT COUNT(*) FROM customer_follow WHERE lost_at IS NULL')).toBe(follows);
    expect(await friendLost()).toBe(0);
  });

  it('a burst of callbacks delivered to two instances is applied once per event, in arrival order', async () => {
    balancer = await startRoundRobin([...nodes.values()].map((n) => n.url));
    sim.callbacks.setTarget({ url: `${balancer.url}/wecom/callback`, retryDelayMs: 50 });
    const guides = [...sim.state.followUsers];
    sim.stats.reset();
    const added: string[] = [];
    for (let i = 0; i < 20; i++) added.push(sim.mutations.addFollow({ userid: guides[i % guides.length]! }).result.external_userid);
    await sim.flushCallbacks();
    await waitFor(
      'every event processed',
      async () => ((await count(ds, "SELECT COUNT(*) FROM wecom_event WHERE status = 'queued'")) === 0 ? true : undefined),
      60_000,
    );
    const calls = sim.stats.snapshot().endpoints['/cgi-bin/externalcontact/get']?.calls ?? 0;
    console.log(
      `fleet: ${added.length} callback events via ${balancer.counts().join(' + ')} deliveries → ${calls} externalcontact/get calls (${(calls / added.length).toFixed(2)} per event)`,
    );
    expect(balancer.counts().every((n) => n >= 10)).toBe(true);
    const events: Array<{ status: string; attempts: number }> = await ds.query(
      "SELECT status, attempts FROM wecom_event WHERE change_type = 'add_external_contact' ORDER BY id",
    );
    expect(events).toEqual(added.map(() => ({ status: 'processed', attempts: 1 })));
    expect(calls).toBe(added.length);
    const rows: Array<{ external_userid: string }> = await ds.query(
      `SELECT external_userid FROM customer WHERE external_userid IN (${added.map(() => '?').join(',')}) ORDER BY id`,
      added,
    );
    expect(rows.map((r) => r.external_userid)).toEqual(added);
  });
});
