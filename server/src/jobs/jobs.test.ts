import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBullmqRunner, createMemoryRunner, type JobRunner } from './index.ts';
import { cronOf, nextDailyRun } from './schedule.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** One PING with a short timeout: ioredis would otherwise retry a closed port forever and hang the suite. */
async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    commandTimeout: 1000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

const redisUp = await redisAnswers(REDIS_URL);
if (!redisUp) {
  const shown = new URL(REDIS_URL);
  shown.password = '';
  console.warn(`Redis not reachable at ${shown.toString()}: BullMQ tests skipped`);
}

const open: JobRunner[] = [];
const prefixes: string[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
  if (!redisUp) {
    prefixes.length = 0;
    return;
  }
  // Leave nothing behind in the shared Redis.
  const redis = new Redis(REDIS_URL);
  for (const prefix of prefixes.splice(0)) {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  }
  await redis.quit();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function runnerContract(make: (prefix: string) => JobRunner): void {
  const fresh = (prefix = `t${randomBytes(4).toString('hex')}`) => {
    const r = make(prefix);
    open.push(r);
    prefixes.push(prefix);
    return { r, prefix };
  };

  it('runs every enqueued job once with the validated data', async () => {
    const { r } = fresh();
    const seen: number[] = [];
    r.register(
      'add',
      async ({ data }) => {
        seen.push(data.n);
      },
      { schema: z.object({ n: z.number() }), concurrency: 2 },
    );
    for (let i = 0; i < 5; i++) await r.enqueue('add', { n: i });
    await r.whenIdle('add');
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('never runs more jobs of one name at a time than its concurrency', async () => {
    const { r } = fresh();
    let active = 0;
    let peak = 0;
    r.register(
      'slow',
      async () => {
        active += 1;
        peak = Math.max(peak, active);
        await sleep(30);
        active -= 1;
      },
      { concurrency: 2 },
    );
    await Promise.all(Array.from({ length: 6 }, (_, i) => r.enqueue('slow', { i })));
    await r.whenIdle('slow');
    expect(peak).toBe(2);
  });

  it('deduplicates a job id while it is waiting', async () => {
    const { r } = fresh();
    let runs = 0;
    const a = await r.enqueue('wake', {}, { jobId: 'wake-1', delayMs: 100 });
    const b = await r.enqueue('wake', {}, { jobId: 'wake-1', delayMs: 100 });
    expect(b).toBe(a);
    r.register('wake', async () => {
      runs += 1;
    });
    await sleep(250);
    await r.whenIdle('wake');
    expect(runs).toBe(1);
  });

  it('queues one follow-up run when a deduplicated job is already running (ids with ":" accepted)', async () => {
    const { r } = fresh();
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((res) => {
      release = res;
    });
    r.register('busy', async () => {
      runs += 1;
      if (runs === 1) await gate;
    });
    await r.enqueue('busy', {}, { jobId: 'busy:wake' });
    const deadline = Date.now() + 5000;
    while (runs === 0 && Date.now() < deadline) await sleep(10);
    await r.enqueue('busy', {}, { jobId: 'busy:wake' });
    await r.enqueue('busy', {}, { jobId: 'busy:wake' });
    release();
    while (runs < 2 && Date.now() < deadline) await sleep(10);
    await r.whenIdle('busy');
    expect(runs).toBe(2);
  });

  it('retries a failing job with backoff until it succeeds', async () => {
    const { r } = fresh();
    const attempts: number[] = [];
    r.register(
      'flaky',
      async ({ attempt }) => {
        attempts.push(attempt);
        if (attempt < 3) throw new Error('boom');
      },
      { attempts: 3, backoffMs: 20 },
    );
    await r.enqueue('flaky', {});
    const deadline = Date.now() + 5000;
    while (attempts.length < 3 && Date.now() < deadline) await sleep(20);
    await r.whenIdle('flaky');
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('runs a schedule repeatedly', async () => {
    const { r } = fresh();
    let ticks = 0;
    r.register('tick', async () => {
      ticks += 1;
    });
    await r.schedule('tick', { everyMs: 60 });
    const deadline = Date.now() + 5000;
    while (ticks < 2 && Date.now() < deadline) await sleep(20);
    expect(ticks).toBeGreaterThanOrEqual(2);
    const status = await r.status();
    expect(status.schedules.map((s) => s.name)).toContain('tick');
  });
}

describe('memory job runner', () => runnerContract(() => createMemoryRunner()));
describe.skipIf(!redisUp)('bullmq job runner', () => runnerContract((prefix) => createBullmqRunner({ redisUrl: REDIS_URL, prefix })));

describe.skipIf(!redisUp)('bullmq job runner with several instances', () => {
  it('runs each job exactly once across instances sharing a prefix', async () => {
    const prefix = `t${randomBytes(4).toString('hex')}`;
    prefixes.push(prefix);
    const a = createBullmqRunner({ redisUrl: REDIS_URL, prefix });
    const b = createBullmqRunner({ redisUrl: REDIS_URL, prefix });
    open.push(a, b);
    const runs = new Map<number, number>();
    const handler = async ({ data }: { data: { n: number } }) => {
      runs.set(data.n, (runs.get(data.n) ?? 0) + 1);
      await sleep(5);
    };
    a.register('shared', handler, { concurrency: 2 });
    b.register('shared', handler, { concurrency: 2 });
    for (let i = 0; i < 20; i++) await a.enqueue('shared', { n: i });
    await a.whenIdle('shared');
    expect(runs.size).toBe(20);
    expect([...runs.values()].every((v) => v === 1)).toBe(true);
  });
});

describe('schedule specs', () => {
  it('computes the next Asia/Shanghai daily run and its cron pattern', () => {
    // 2026-01-01 01:00 UTC = 09:00 Shanghai; 03:30 Shanghai next is the following day 19:30 UTC.
    expect(nextDailyRun('03:30', new Date('2026-01-01T01:00:00Z')).toISOString()).toBe('2026-01-01T19:30:00.000Z');
    expect(nextDailyRun('10:00', new Date('2026-01-01T01:00:00Z')).toISOString()).toBe('2026-01-01T02:00:00.000Z');
    expect(cronOf({ dailyAt: '03:30' })).toEqual({ pattern: '30 3 * * *', tz: 'Asia/Shanghai' });
    expect(() => cronOf({ dailyAt: '25:00' })).toThrow();
  });
});
