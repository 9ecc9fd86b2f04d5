import { z } from 'zod';
import type { StartSimulatorOptions } from './simulator.ts';

const int = (min: number, max?: number) => {
  let s = z.coerce.number().int().min(min);
  if (max !== undefined) s = s.max(max);
  return s;
};
const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);

/** SIM_* variables of `npm run sim` (the standalone simulator). */
export const simEnvSchema = z.object({
  SIM_PORT: z.preprocess(emptyAsUndefined, int(0, 65535).default(4000)),
  SIM_HOST: z.preprocess(emptyAsUndefined, z.string().default('127.0.0.1')),
  SIM_CUSTOMERS: z.preprocess(emptyAsUndefined, int(0, 2_000_000).default(2000)),
  SIM_GUIDES: z.preprocess(emptyAsUndefined, int(1, 5000).optional()),
  SIM_GROUPS: z.preprocess(emptyAsUndefined, int(0, 100_000).optional()),
  SIM_SEED: z.preprocess(emptyAsUndefined, int(0).optional()),
  SIM_CALLBACK_URL: z.preprocess(emptyAsUndefined, z.string().url().optional()),
  SIM_CALLBACK_TIMEOUT_MS: z.preprocess(emptyAsUndefined, int(1, 60_000).default(5000)),
  SIM_LATENCY_MS: z.preprocess(emptyAsUndefined, int(0, 60_000).default(0)),
  SIM_RATE_LIMIT_PER_MIN: z.preprocess(emptyAsUndefined, int(0).default(0)),
  SIM_TOKEN_TTL_SECONDS: z.preprocess(emptyAsUndefined, int(1, 7200).default(7200)),
  SIM_FAILURE_RATE: z.preprocess(emptyAsUndefined, z.coerce.number().min(0).max(1).default(0)),
});
export type SimEnv = z.infer<typeof simEnvSchema>;

/** Validates SIM_* and turns them into startSimulator options; throws a message naming each bad variable. */
export function simOptionsFromEnv(env: NodeJS.ProcessEnv): StartSimulatorOptions {
  const parsed = simEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid simulator environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  return {
    port: e.SIM_PORT,
    host: e.SIM_HOST,
    corp: { customers: e.SIM_CUSTOMERS, guides: e.SIM_GUIDES, groups: e.SIM_GROUPS, seed: e.SIM_SEED },
    ...(e.SIM_CALLBACK_URL ? { callbackUrl: e.SIM_CALLBACK_URL } : {}),
    callback: { timeoutMs: e.SIM_CALLBACK_TIMEOUT_MS },
    switches: {
      latencyMs: e.SIM_LATENCY_MS,
      rateLimitPerMin: e.SIM_RATE_LIMIT_PER_MIN,
      tokenTtlSeconds: e.SIM_TOKEN_TTL_SECONDS,
      failureRate: e.SIM_FAILURE_RATE,
      ...(e.SIM_SEED !== undefined ? { seed: e.SIM_SEED } : {}),
    },
  };
}
