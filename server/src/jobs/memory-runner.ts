import { randomUUID } from 'node:crypto';
import { log } from '@server/logger.ts';
import { cronOf, nextDailyRun } from './schedule.ts';
import type { EnqueueOptions, JobCounts, JobHandler, JobRunner, JobRunnerStatus, RegisterOptions, ScheduleSpec } from './types.ts';

interface MemJob {
  id: string;
  name: string;
  data: unknown;
  attempt: number;
}

interface MemQueue {
  handler?: JobHandler<unknown>;
  options: RegisterOptions<unknown>;
  waiting: MemJob[];
  /** Jobs whose delay (first run or retry backoff) has not passed yet. */
  delayed: Map<string, NodeJS.Timeout>;
  active: number;
  completed: number;
  failed: number;
}

/**
 * The runner used without Redis: one process, queues in memory with per-name
 * concurrency, dedupe by job id while waiting, retries with doubling backoff,
 * timers for schedules. Jobs are lost on exit — work that must survive keeps
 * its own state in the database (sync_run checkpoints, wecom_event rows).
 */
export function createMemoryRunner(): JobRunner {
  const queues = new Map<string, MemQueue>();
  const timers = new Set<NodeJS.Timeout>();
  const schedules = new Map<string, { spec: ScheduleSpec; timer: NodeJS.Timeout }>();
  const idleWaiters = new Set<() => void>();
  const running = new Set<Promise<void>>();
  let closed = false;
  const logger = log('jobs', { runner: 'memory' });

  const queueOf = (name: string): MemQueue => {
    let q = queues.get(name);
    if (!q) {
      q = { options: {}, waiting: [], delayed: new Map(), active: 0, completed: 0, failed: 0 };
      queues.set(name, q);
    }
    return q;
  };

  const isIdle = (name?: string): boolean => {
    const list = name ? [queues.get(name)].filter((q): q is MemQueue => q !== undefined) : [...queues.values()];
    return list.every((q) => q.active === 0 && (q.waiting.length === 0 || !q.handler) && (name === undefined || q.delayed.size === 0));
  };
  const notifyIdle = () => {
    for (const w of [...idleWaiters]) w();
  };

  const pump = (name: string) => {
    const q = queueOf(name);
    const handler = q.handler;
    if (!handler || closed) return;
    const concurrency = q.options.concurrency ?? 1;
    while (q.active < concurrency && q.waiting.length > 0) {
      const job = q.waiting.shift()!;
      q.active += 1;
      const p = runJob(q, handler, job).finally(() => {
        running.delete(p);
        q.active -= 1;
        pump(name);
        notifyIdle();
      });
      running.add(p);
    }
  };

  const runJob = async (q: MemQueue, handler: JobHandler<unknown>, job: MemJob): Promise<void> => {
    const jobLog = logger.child({ job: job.name, jobId: job.id, attempt: job.attempt });
    try {
      const data = q.options.schema ? q.options.schema.parse(job.data) : job.data;
      await handler({ id: job.id, name: job.name, data, attempt: job.attempt, log: jobLog });
      q.completed += 1;
    } catch (err) {
      const attempts = q.options.attempts ?? 1;
      if (job.attempt < attempts && !closed) {
        const delay = (q.options.backoffMs ?? 1000) * 2 ** (job.attempt - 1);
        jobLog.warn({ err, retryInMs: delay }, 'job failed, will retry');
        addDelayed(q, { ...job, attempt: job.attempt + 1 }, delay);
      } else {
        q.failed += 1;
        jobLog.error({ err }, 'job failed');
      }
    }
  };

  const addDelayed = (q: MemQueue, job: MemJob, delayMs: number) => {
    const timer = setTimeout(() => {
      q.delayed.delete(job.id);
      timers.delete(timer);
      if (closed) return;
      q.waiting.push(job);
      pump(job.name);
    }, delayMs);
    timer.unref();
    timers.add(timer);
    q.delayed.set(job.id, timer);
  };

  const runner: JobRunner = {
    kind: 'memory',

    register(name, handler, options = {}) {
      const q = queueOf(name);
      if (q.handler) throw new Error(`job ${name} is already registered`);
      q.handler = handler as JobHandler<unknown>;
      q.options = options;
      pump(name);
    },

    // eslint-disable-next-line @typescript-eslint/require-await -- the API is Promise-returning; a throw here must reject, not escape
    async enqueue(name, data, options: EnqueueOptions = {}) {
      if (closed) throw new Error('job runner is closed');
      const q = queueOf(name);
      if (options.jobId !== undefined) {
        if (q.waiting.some((j) => j.id === options.jobId) || q.delayed.has(options.jobId)) return options.jobId;
      }
      const job: MemJob = { id: options.jobId ?? randomUUID(), name, data, attempt: 1 };
      if (options.delayMs && options.delayMs > 0) addDelayed(q, job, options.delayMs);
      else {
        q.waiting.push(job);
        // Start on the next tick so the caller's own bookkeeping (e.g. saving the id) runs first.
        queueMicrotask(() => pump(name));
      }
      return job.id;
    },

    // eslint-disable-next-line @typescript-eslint/require-await -- the API is Promise-returning; a throw here must reject, not escape
    async schedule(name, spec, data) {
      cronOf(spec); // validates the spec
      const previous = schedules.get(name);
      if (previous) {
        clearTimeout(previous.timer);
        timers.delete(previous.timer);
      }
      const fire = () => {
        if (closed) return;
        // One pending run per schedule: a slow job does not pile up ticks.
        runner
          .enqueue(name, data ?? {}, { jobId: `schedule:${name}` })
          .catch((err: unknown) => logger.error({ err, job: name }, 'schedule tick failed'));
      };
      const arm = () => {
        const wait = 'everyMs' in spec ? spec.everyMs : nextDailyRun(spec.dailyAt).getTime() - Date.now();
        const timer = setTimeout(() => {
          timers.delete(timer);
          fire();
          arm();
        }, wait);
        timer.unref();
        timers.add(timer);
        schedules.set(name, { spec, timer });
      };
      arm();
    },

    // eslint-disable-next-line @typescript-eslint/require-await -- the API is Promise-returning; a throw here must reject, not escape
    async status(): Promise<JobRunnerStatus> {
      const result: Record<string, JobCounts> = {};
      for (const [name, q] of queues) {
        result[name] = { waiting: q.waiting.length, active: q.active, delayed: q.delayed.size, completed: q.completed, failed: q.failed };
      }
      return { kind: 'memory', queues: result, schedules: [...schedules].map(([name, s]) => ({ name, spec: s.spec })) };
    },

    whenIdle(name, timeoutMs = 30_000) {
      if (isIdle(name)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          idleWaiters.delete(check);
          reject(new Error(`jobs ${name ?? '(all)'} not idle after ${timeoutMs} ms`));
        }, timeoutMs);
        const check = () => {
          if (!isIdle(name)) return;
          clearTimeout(timer);
          idleWaiters.delete(check);
          resolve();
        };
        idleWaiters.add(check);
      });
    },

    async close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      schedules.clear();
      // Let running jobs finish; they own their state and would otherwise leave it half written.
      await Promise.allSettled([...running]);
    },
  };
  return runner;
}
