import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { log } from '@server/logger.ts';
import { cronOf } from './schedule.ts';
import type { EnqueueOptions, JobCounts, JobHandler, JobRunner, JobRunnerStatus, RegisterOptions, ScheduleSpec } from './types.ts';

/** BullMQ refuses custom ids that contain ':' or look like integers; map them to ones it accepts. */
function bullJobId(id: string): string {
  const safe = id.replaceAll(':', '_');
  return /^\d+$/.test(safe) ? `j${safe}` : safe;
}

export interface BullmqRunnerOptions {
  redisUrl: string;
  /** Redis key prefix; every server instance of one deployment uses the same one (tests use a unique one). */
  prefix: string;
  /**
   * How long a worker's lock on an active job lasts without renewal, and how often stalled jobs are
   * looked for: a job whose instance died goes back to the queue after about this long (default 30 s).
   */
  lockMs?: number;
}

/**
 * The runner used when REDIS_URL is set: one BullMQ queue per job name.
 * Every instance that registers a handler runs a Worker, so instances share
 * the work and each job runs once; schedules are BullMQ job schedulers, which
 * Redis keeps once for all instances.
 */
export function createBullmqRunner({ redisUrl, prefix, lockMs = 30_000 }: BullmqRunnerOptions): JobRunner {
  // BullMQ requires maxRetriesPerRequest null on connections used by workers.
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
  const queues = new Map<string, Queue>();
  const workers = new Map<string, Worker>();
  const schedules = new Map<string, ScheduleSpec>();
  const logger = log('jobs', { runner: 'bullmq' });
  let closed = false;

  const queueOf = (name: string): Queue => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection, prefix });
      queues.set(name, q);
    }
    return q;
  };
  const retryOptions = new Map<string, { attempts: number; backoffMs: number }>();

  const runner: JobRunner = {
    kind: 'bullmq',

    register(name, handler, options: RegisterOptions<unknown> = {}) {
      if (workers.has(name)) throw new Error(`job ${name} is already registered`);
      queueOf(name);
      retryOptions.set(name, { attempts: options.attempts ?? 1, backoffMs: options.backoffMs ?? 1000 });
      const typed = handler as JobHandler<unknown>;
      const worker = new Worker(
        name,
        async (job: Job) => {
          const data = options.schema ? options.schema.parse(job.data) : (job.data as unknown);
          const attempt = job.attemptsMade + 1;
          await typed({ id: job.id ?? '', name, data, attempt, log: logger.child({ job: name, jobId: job.id, attempt }) });
        },
        { connection, prefix, concurrency: options.concurrency ?? 1, lockDuration: lockMs, stalledInterval: lockMs },
      );
      worker.on('failed', (job, err) => logger.warn({ err, job: name, jobId: job?.id }, 'job attempt failed'));
      worker.on('error', (err) => logger.error({ err, job: name }, 'worker error'));
      workers.set(name, worker);
    },

    async enqueue(name, data, options: EnqueueOptions = {}) {
      if (closed) throw new Error('job runner is closed');
      const q = queueOf(name);
      let jobId = options.jobId === undefined ? undefined : bullJobId(options.jobId);
      if (jobId !== undefined) {
        // A running job may already have read its input: then one follow-up run waits under `<id>-next`.
        for (const candidate of [jobId, `${jobId}-next`]) {
          const existing = await q.getJob(candidate);
          const state = existing ? await existing.getState() : 'missing';
          if (state === 'waiting' || state === 'delayed' || state === 'prioritized' || state === 'waiting-children') return candidate;
          if (state === 'active') continue;
          if (existing) await existing.remove().catch(() => undefined);
          jobId = candidate;
          break;
        }
      }
      const retry = retryOptions.get(name) ?? { attempts: 1, backoffMs: 1000 };
      const job = await q.add(name, data, {
        jobId,
        delay: options.delayMs,
        attempts: retry.attempts,
        backoff: { type: 'exponential', delay: retry.backoffMs },
        removeOnComplete: { count: 200 },
        removeOnFail: { count: 1000 },
      });
      return job.id ?? jobId ?? '';
    },

    async schedule(name, spec, data) {
      const repeat = cronOf(spec);
      await queueOf(name).upsertJobScheduler(`schedule:${name}`, repeat, { name, data: data ?? {} });
      schedules.set(name, spec);
    },

    async status(): Promise<JobRunnerStatus> {
      const result: Record<string, JobCounts> = {};
      for (const [name, q] of queues) {
        const c = await q.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
        result[name] = {
          waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
          active: c.active ?? 0,
          delayed: c.delayed ?? 0,
          completed: c.completed ?? 0,
          failed: c.failed ?? 0,
        };
      }
      return { kind: 'bullmq', queues: result, schedules: [...schedules].map(([name, spec]) => ({ name, spec })) };
    },

    async whenIdle(name, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      const names = name ? [name] : [...queues.keys()];
      for (;;) {
        let busy = 0;
        for (const n of names) {
          const c = await queueOf(n).getJobCounts('waiting', 'active', 'prioritized');
          busy += (c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0);
        }
        if (busy === 0) return;
        if (Date.now() > deadline) throw new Error(`jobs ${name ?? '(all)'} not idle after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([...workers.values()].map((w) => w.close()));
      await Promise.allSettled([...queues.values()].map((q) => q.close()));
      await connection.quit().catch(() => connection.disconnect());
    },
  };
  return runner;
}
