import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayWecomEventsResponseSchema, wecomEventQueueSchema } from '@shared/api/wecom-events.ts';
import { WecomEventEntity } from '@server/entities/WecomEvent.ts';
import { processQueuedEvents, type ProcessResult } from '@server/features/wecom-callback/index.ts';
import { runFullSync } from '@server/features/sync/full-sync.ts';
import { setWecomClientOptions } from '@server/wecom/client.ts';
import { sessionHeaders } from '../support/auth.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { count, startSmallSim, type Sim } from './support.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * WeCom outages against the callback queue, on a simulated clock: the
 * processor is run by hand with `now`, stepping to each next retry time, so
 * a day of backoff takes a few hundred fast runs instead of a day.
 */
describe('callback events survive a WeCom outage and a restart', () => {
  let sim: Sim;
  let app: TestApp;
  let adminId: string;
  let guideId: string;
  let clock = Date.now();
  const now = () => clock;
  const events = () => app.deps.ds.getRepository(WecomEventEntity).find({ order: { id: 'ASC' } });
  const interactions = (type: string) => count(app.deps.ds, 'SELECT COUNT(*) FROM interaction WHERE type = ?', [type]);
  /** Runs the processor, then moves the clock to the next retry (at least 1 s on). */
  const step = async (): Promise<ProcessResult> => {
    const r = await processQueuedEvents(app.deps, { now });
    clock = Math.max(clock + 1000, r.nextAttemptAt?.getTime() ?? clock + 10 * MINUTE);
    return r;
  };

  /** The server on `db` (a new one, or the database of a process that stopped), its WeCom client on the simulator. */
  const startApp = async (db?: TestApp['db']): Promise<TestApp> => {
    const started = await startTestApp({ ADMIN_USERIDS: adminId, CALLBACK_POLL_SECONDS: '0', SYNC_DAILY_AT: 'off' }, { shared: db });
    // One try per call: the outage is the queue's to ride out, not the client's.
    setWecomClientOptions(started.deps, { apiBase: sim.url, retry: { maxAttempts: 1 } });
    sim.callbacks.setTarget({ url: `${started.url}/wecom/callback`, retryDelayMs: 50 });
    return started;
  };

  beforeAll(async () => {
    sim = await startSmallSim();
    const active = [...sim.state.users.values()].filter((u) => (u.status ?? 1) === 1).map((u) => u.userid);
    adminId = active[0]!;
    guideId = active[1]!;
    app = await startApp();
    await runFullSync(app.deps);
  });
  afterAll(async () => {
    await app?.stop();
    await app?.db.drop();
    await sim?.close();
  });

  it('loses nothing during an hour of WeCom down with a restart in the middle: once it is back every event is applied exactly once and none failed', async () => {
    const users = [...sim.state.followUsers];
    const customers = [...sim.state.customers.values()].filter(
      (c) => c.follows.length > 0 && sim.state.followUsers.has(c.follows[0]!.userid),
    );
    const edited = customers[0]!;
    const deleted = customers[1]!;
    const addedBefore = await interactions('friend_added');
    const lostBefore = await interactions('friend_lost');

    sim.switches.update({ failureRate: 1 });
    const added = [0, 1, 2].map(
      (i) => sim.mutations.addFollow({ userid: users[i % users.length]!, remark: `停机期间${i}` }).result.external_userid,
    );
    sim.mutations.editCustomer({
      userid: edited.follows[0]!.userid,
      external_userid: edited.contact.external_userid,
      remark: '停机改备注',
    });
    const chat = sim.mutations.createGroupChat({ owner: users[0]!, name: '停机新群', members: [added[0]!] }).result.chat_id;
    sim.mutations.createCorpTags({ group_name: '停机标签组', tag: [{ name: '停机标签' }] });
    sim.mutations.deleteFollow({ userid: deleted.follows[0]!.userid, external_userid: deleted.contact.external_userid, by: 'customer' });
    await sim.flushCallbacks();
    const stored = await events();
    expect(stored.length).toBeGreaterThanOrEqual(7);
    expect(stored.every((e) => e.status === 'queued')).toBe(true);

    const start = clock;
    let processed = 0;
    let restarted = false;
    while (clock - start < HOUR) {
      if (!restarted && clock - start >= HOUR / 2) {
        // The server restarts half-way through the outage: the retry state lives in wecom_event, not in memory.
        const db = app.db;
        await app.close(1000);
        app = await startApp(db);
        restarted = true;
      }
      const r = await step();
      expect(r.failed).toBe(0);
      processed += r.processed;
    }
    // Only the deletion needs no WeCom call; everything else is still waiting, retried all hour.
    const during = await events();
    expect(during.filter((e) => e.status === 'processed').map((e) => e.changeType)).toEqual(['del_follow_user']);
    const waiting = during.filter((e) => e.status === 'queued');
    expect(waiting).toHaveLength(stored.length - 1);
    for (const e of waiting) {
      expect(e.attempts).toBeGreaterThanOrEqual(10);
      expect(e.nextAttemptAt).not.toBeNull();
      // Capped backoff: never more than 10 minutes to the next try.
      expect(e.nextAttemptAt!.getTime() - clock).toBeLessThanOrEqual(10 * MINUTE);
    }
    const headers = await sessionHeaders(app, adminId);
    const queue = wecomEventQueueSchema.parse(await (await app.request('/api/admin/wecom-events', { headers })).json());
    expect(queue).toMatchObject({ queued: 0, failed: 0, retrying: { count: waiting.length } });
    expect(queue.retrying.nextAttemptAt).toBe(new Date(Math.min(...waiting.map((e) => e.nextAttemptAt!.getTime()))).toISOString());

    sim.switches.update({ failureRate: 0 });
    for (let i = 0; i < 3 && processed < stored.length; i++) processed += (await step()).processed;
    expect(processed).toBe(stored.length);
    const after = await events();
    expect(after.map((e) => e.status)).toEqual(stored.map(() => 'processed'));
    expect(after.filter((e) => e.status === 'failed')).toEqual([]);
    // Applied once each: one friend_added per new relation, one friend_lost, the edit, the group and the tags.
    expect(await interactions('friend_added')).toBe(addedBefore + 3);
    expect(await interactions('friend_lost')).toBe(lostBefore + 1);
    expect(await count(app.deps.ds, "SELECT COUNT(*) FROM customer_follow WHERE remark = '停机改备注'")).toBe(1);
    expect(await count(app.deps.ds, "SELECT COUNT(*) FROM group_chat WHERE chat_id = ? AND name = '停机新群'", [chat])).toBe(1);
    expect(await count(app.deps.ds, "SELECT COUNT(*) FROM tag WHERE name = '停机标签'")).toBe(1);
    // Nothing is left to do: another run changes nothing.
    expect(await processQueuedEvents(app.deps, { now })).toMatchObject({ processed: 0, failed: 0, retryLater: 0, nextAttemptAt: null });
  });

  it('fails an event only after a day of failures; an admin replay queues it again and it is applied', async () => {
    sim.switches.update({ failureRate: 1 });
    const ext = sim.mutations.addFollow({ userid: [...sim.state.followUsers][0]!, remark: '一天后重放' }).result.external_userid;
    await sim.flushCallbacks();
    const row = async () => (await events()).find((e) => e.payload.includes(ext))!;
    expect((await row()).status).toBe('queued');

    const start = clock;
    let failedAt: number | null = null;
    while (failedAt === null && clock - start < 25 * HOUR) {
      const at = clock;
      const r = await step();
      if (r.failed > 0) failedAt = at;
    }
    expect(failedAt).not.toBeNull();
    expect(failedAt! - start).toBeGreaterThanOrEqual(24 * HOUR);
    expect(failedAt! - start).toBeLessThanOrEqual(24 * HOUR + 10 * MINUTE);
    const dead = await row();
    expect(dead).toMatchObject({ status: 'failed' });
    expect(dead.attempts).toBeGreaterThan(100);
    expect(dead.error).not.toBeNull();

    const headers = await sessionHeaders(app, adminId);
    const queue = wecomEventQueueSchema.parse(await (await app.request('/api/admin/wecom-events', { headers })).json());
    expect(queue).toMatchObject({ failed: 1, retrying: { count: 0, nextAttemptAt: null } });

    // Admins only.
    const replay = (h: Record<string, string>, body: unknown) =>
      app.request('/api/admin/wecom-events/replay', {
        method: 'POST',
        headers: { ...h, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await replay({}, { all: true })).status).toBe(401);
    expect((await replay(await sessionHeaders(app, guideId), { all: true })).status).toBe(403);
    expect((await replay(headers, { ids: [] })).status).toBe(400);
    // An id that is not failed is skipped.
    const skipped = replayWecomEventsResponseSchema.parse(await (await replay(headers, { ids: [(await events())[0]!.id] })).json());
    expect(skipped.requeued).toBe(0);

    sim.switches.update({ failureRate: 0 });
    const res = await replay(headers, { all: true });
    expect(res.status).toBe(200);
    expect(replayWecomEventsResponseSchema.parse(await res.json())).toEqual({ requeued: 1 });
    expect(await row()).toMatchObject({ status: 'queued', attempts: 0, nextAttemptAt: null, firstFailedAt: null });
    expect(
      await count(app.deps.ds, "SELECT COUNT(*) FROM audit_log WHERE action = 'wecom_events.replay' AND actor_userid = ?", [adminId]),
    ).toBe(2);

    const addedBefore = await interactions('friend_added');
    expect(await processQueuedEvents(app.deps, { now })).toMatchObject({ processed: 1, failed: 0 });
    expect(await row()).toMatchObject({ status: 'processed' });
    expect(await interactions('friend_added')).toBe(addedBefore + 1);
    expect(await count(app.deps.ds, "SELECT COUNT(*) FROM customer_follow WHERE remark = '一天后重放'")).toBe(1);
  });
});
