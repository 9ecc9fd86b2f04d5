import { z } from 'zod';
import { perDeps, type AppDeps } from '@server/context.ts';
import { createBullmqRunner } from './bullmq-runner.ts';
import { createMemoryRunner } from './memory-runner.ts';
import type { JobRunner } from './types.ts';

export type * from './types.ts';
export { createMemoryRunner } from './memory-runner.ts';
export { createBullmqRunner } from './bullmq-runner.ts';

/**
 * JOB_QUEUE_PREFIX (config): Redis key prefix of the BullMQ queues (default "daogou").
 * Instances of one deployment must share it.
 */
const prefixSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9:_-]{1,64}$/)
  .default('daogou');

/** A runner over REDIS_URL when given, otherwise in-process. */
export function createJobRunner(options: { redisUrl?: string; prefix?: string; lockMs?: number }): JobRunner {
  if (options.redisUrl) {
    return createBullmqRunner({ redisUrl: options.redisUrl, prefix: prefixSchema.parse(options.prefix), lockMs: options.lockMs });
  }
  return createMemoryRunner();
}

/** The process's job runner for these deps (BullMQ when REDIS_URL is set); closed at shutdown. */
export const jobRunnerFor = perDeps((deps: AppDeps): JobRunner => {
  // A job whose instance died is handed to another after one lease (its own DB lease decides who may work).
  const runner = createJobRunner({
    redisUrl: deps.config.REDIS_URL,
    prefix: deps.config.JOB_QUEUE_PREFIX,
    lockMs: deps.config.JOB_LEASE_SECONDS * 1000,
  });
  deps.onClose(() => runner.close());
  return runner;
});
