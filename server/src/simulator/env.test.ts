import { describe, expect, it } from 'vitest';
import { simOptionsFromEnv } from './env.ts';

describe('SIM_* environment', () => {
  it('defaults to port 4000 on 127.0.0.1 with 2,000 customers and well-behaved switches', () => {
    expect(simOptionsFromEnv({})).toMatchObject({
      port: 4000,
      host: '127.0.0.1',
      corp: { customers: 2000 },
      switches: { latencyMs: 0, rateLimitPerMin: 0, tokenTtlSeconds: 7200, failureRate: 0 },
    });
  });

  it('maps every variable to simulator options', () => {
    const o = simOptionsFromEnv({
      SIM_PORT: '4100',
      SIM_CUSTOMERS: '100000',
      SIM_SEED: '9',
      SIM_CALLBACK_URL: 'http://127.0.0.1:3000/wecom/callback',
      SIM_LATENCY_MS: '20',
      SIM_RATE_LIMIT_PER_MIN: '600',
      SIM_TOKEN_TTL_SECONDS: '30',
      SIM_FAILURE_RATE: '0.05',
      SIM_CALLBACK_TIMEOUT_MS: '800',
    });
    expect(o).toMatchObject({
      port: 4100,
      corp: { customers: 100000, seed: 9 },
      callbackUrl: 'http://127.0.0.1:3000/wecom/callback',
      callback: { timeoutMs: 800 },
      switches: { latencyMs: 20, rateLimitPerMin: 600, tokenTtlSeconds: 30, failureRate: 0.05, seed: 9 },
    });
  });

  it('refuses bad values naming the variable', () => {
    expect(() => simOptionsFromEnv({ SIM_FAILURE_RATE: '1.5' })).toThrow(/SIM_FAILURE_RATE/);
    expect(() => simOptionsFromEnv({ SIM_PORT: 'x' })).toThrow(/SIM_PORT/);
    expect(() => simOptionsFromEnv({ SIM_CALLBACK_URL: 'not a url' })).toThrow(/SIM_CALLBACK_URL/);
  });
});
