import { defineConfig } from 'vitest/config';
import { aliases } from './aliases.config.ts';

// Browser tests: the built sidebar served by the real server, driven in Debian's Chromium.
export default defineConfig({
  resolve: { alias: aliases },
  test: {
    include: ['tests/browser/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' },
  },
});
