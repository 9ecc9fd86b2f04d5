import type { Logger } from 'pino';
import type { z } from 'zod';

/** What a job handler receives; the same for the in-process runner and BullMQ. */
export interface JobContext<T> {
  /** Job id (the dedupe key when one was given). */
  id: string;
  name: string;
  data: T;
  /** 1 on the first try, 2 on the first retry… */
  attempt: number;
  log: Logger;
}

export type JobHandler<T> = (ctx: JobContext<T>) => Promise<unknown>;

export interface RegisterOptions<T> {
  /** Jobs of this name run at most this many at a time per process (default 1). */
  concurrency?: number;
  /** Total tries before the job counts as failed (default 1 = no retry). */
  attempts?: number;
  /** First retry delay; doubles for every further retry (default 1000 ms). */
  backoffMs?: number;
  /** Validates the job data (it crosses Redis as JSON under BullMQ). */
  schema?: z.ZodType<T>;
}

export interface EnqueueOptions {
  /**
   * Dedupe key: while a job with this id is waiting (or delayed), enqueueing
   * again returns the existing id instead of adding a second job.
   */
  jobId?: string;
  /** Run no earlier than this many ms from now. */
  delayMs?: number;
}

/** Every `everyMs`, or once a day at a wall-clock time in Asia/Shanghai ('HH:MM'). */
export type ScheduleSpec = { everyMs: number } | { dailyAt: string };

export interface JobCounts {
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
}

export interface JobRunnerStatus {
  kind: 'memory' | 'bullmq';
  queues: Record<string, JobCounts>;
  schedules: Array<{ name: string; spec: ScheduleSpec }>;
}

/** The one job API used by syncs, callback processing and every later scheduled job. */
export interface JobRunner {
  readonly kind: 'memory' | 'bullmq';
  /** Starts consuming jobs of `name` in this process. One handler per name. */
  register<T>(name: string, handler: JobHandler<T>, options?: RegisterOptions<T>): void;
  /** Adds a job; resolves to its id (an existing id when deduplicated). */
  enqueue<T>(name: string, data: T, options?: EnqueueOptions): Promise<string>;
  /** Runs `name` with `data` on a schedule (idempotent: scheduling the same name again replaces it). */
  schedule<T>(name: string, spec: ScheduleSpec, data?: T): Promise<void>;
  status(): Promise<JobRunnerStatus>;
  /** Resolves once no job of `name` (or of any registered name) is waiting or running; for tests and CLIs. */
  whenIdle(name?: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}
