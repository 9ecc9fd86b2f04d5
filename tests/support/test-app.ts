import { buildConfig } from '@server/config/index.ts';
import { parseEnv } from '@server/config/env.ts';
import { startServer, type RunningServer } from '@server/server.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

export interface TestApp extends RunningServer {
  db: TestDatabase;
  /** fetch against the running app; path starts with '/'. */
  request(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * Starts the real Koa app on an ephemeral port against a fresh test database, or against
 * `shared` — another instance's database (a second instance of a fleet); stopping it then leaves the database.
 */
export async function startTestApp(env: Record<string, string> = {}, { shared }: { shared?: TestDatabase } = {}): Promise<TestApp> {
  const db = shared ?? (await createTestDatabase());
  const config = buildConfig(parseEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: db.url, ...env }));
  const running = await startServer(config, { port: 0, host: '127.0.0.1' });
  return {
    ...running,
    db,
    request: (path, init) => fetch(`${running.url}${path}`, init),
    stop: async () => {
      await running.close(1000);
      if (!shared) await db.drop();
    },
  };
}
