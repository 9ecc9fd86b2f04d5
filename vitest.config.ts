import { defineConfig } from 'vitest/config';
import { aliases } from './aliases.config.ts';

export default defineConfig({
  resolve: { alias: aliases },
  test: {
    include: ['server/**/*.test.ts', 'shared/**/*.test.ts', 'sidebar/src/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['tests/browser/**', 'node_modules/**'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' },
  },
});
