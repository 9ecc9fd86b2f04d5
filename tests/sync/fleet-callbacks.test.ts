/**
 * Callbacks reaching two instances on one database through a load balancer
 * (in this process, each instance with its own in-process job runner; the
 * two-process MariaDB + Redis version is tests/fleet/fleet.test.ts): every
 * event is applied once, in arrival order, by one consumer at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFullSync } from '@server/features/sync/full-sync.ts';
import { WECOM_EVENTS_JOB } from '@server/features/wecom-callback/index.ts';
import { jobRunnerFor } from '@server/jobs/index.ts';
import { registerFeatureJobs } from '@server/jobs-bootstrap.ts';
import { startRoundRobin, type RoundRobin } from '../support/round-robin.ts';
import type { TestApp } from '../support/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { count, startAppFor, startSmallSim, type Sim } from './support.ts';

const ENV = {
  SESSION_SECRET: 'one-secret-for-the-whole-fleet',
  JOB_LEASE_SECONDS: '2',
  JOB_HEARTBEAT_SECONDS: '1',
  SYNC_DAILY_AT: 'off',
  CALLBACK_POLL_SECONDS: '0',
};

describe('callbacks to a fleet of two instances', () => {
  let sim: Sim;
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let balancer: RoundRobin;
  beforeAll(async () => {
    // WeCom answers in 30 ms, so a consumer is still working when the next deliveries wake the other instance.
    sim = await startSmallSim({ switches: { latencyMs: 30 } });
    db = await createTestDatabase();
    a = await startAppFor(sim, { ...ENV, INSTANCE_ID: 'inst-a' }, db);
    b = await startAppFor(sim, { ...ENV, INSTANCE_ID: 'inst-b' }, db);
    await runFullSync(a.deps);
    for (const app of [a, b]) await registerFeatureJobs(app.deps, { only: ['wecom-callback'] });
    balancer = await startRoundRobin([a.url, b.url]);
    sim.callbacks.setTarget({ url: `${balancer.url}/wecom/callback`, retryDelayMs: 50 });
  });
  afterAll(async () => {
    await balancer?.close();
    await b?.stop();
    await a?.stop();
    await db?.drop();
    await sim?.close();
  });

  it('applies a burst of events delivered to both instances once each, in arrival order', async () => {
    const guides = [...sim.state.followUsers];
    sim.stats.reset();
    const added: string[] = [];
    for (let i = 0; i < 16; i++) added.push(sim.mutations.addFollow({ userid: guides[i % guides.length]! }).result.external_userid);
    await sim.flushCallbacks();
    const deadline = Date.now() + 30_000;
    for (;;) {
      await Promise.all([a, b].map((app) => jobRunnerFor(app.deps).whenIdle(WECOM_EVENTS_JOB)));
      if ((await count(a.deps.ds, "SELECT COUNT(*) FROM wecom_event WHERE status = 'queued'")) === 0) break;
      if (Date.now() > deadline) throw new Error('callback queue did not drain');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(balancer.counts().every((n) => n >= 8)).toBe(true);
    const events: Array<{ status: string; attempts: number }> = await a.deps.ds.query(
      "SELECT status, attempts FROM wecom_event WHERE change_type = 'add_external_contact' ORDER BY id",
    );
    expect(events).toEqual(added.map(() => ({ status: 'processed', attempts: 1 })));
    // Each event read WeCom once: one externalcontact/get per event, no more.
    expect(sim.stats.snapshot().endpoints['/cgi-bin/externalcontact/get']?.calls).toBe(added.length);
    // Applied in arrival order: the new customers' rows were inserted in the order the events happened.
    const rows: Array<{ external_userid: string }> = await a.deps.ds.query(
      `SELECT external_userid FROM customer WHERE external_userid IN (${added.map(() => '?').join(',')}) ORDER BY id`,
      added,
    );
    expect(rows.map((r) => r.external_userid)).toEqual(added);
    expect(await count(a.deps.ds, "SELECT COUNT(*) FROM interaction WHERE type = 'friend_added' AND source = 'callback'")).toBe(
      added.length,
    );
  });
});
