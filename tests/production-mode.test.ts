import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfig } from '@server/config/index.ts';
import { parseEnv } from '@server/config/env.ts';
import { attachSimulatorApp } from '@server/http/simulator-mount.ts';
import { startServer, type RunningServer } from '@server/server.ts';
import { createSimulator } from '@server/simulator/index.ts';
import { PRODUCTION_ENV } from './support/production-env.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Every way into the demo: dev login, the simulator's admin API, its WeCom API and OAuth page. */
async function expectNoDemoRoutes(request: (path: string, init?: RequestInit) => Promise<Response>): Promise<void> {
  for (const [path, init] of [
    ['/api/dev/login', json({ userid: 'boss' })],
    ['/api/dev/options', undefined],
    ['/sim/admin/corp', undefined],
    ['/sim/admin/switches', json({ failureRate: 1 })],
    ['/cgi-bin/gettoken?corpid=wwdemo0000000001&corpsecret=demo-secret', undefined],
    ['/connect/oauth2/authorize?appid=wwdemo0000000001', undefined],
  ] as const) {
    const res = await request(path, init);
    expect(res.status, path).toBe(404);
    expect(((await res.json()) as { error: { id: string } }).error.id, path).toBe('route_not_found');
  }
}

describe('production with a complete corp configuration', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ ...PRODUCTION_ENV, ADMIN_USERIDS: 'boss' });
    await app.deps.ds.query(`INSERT INTO staff (userid, name, role, status, is_follow_user) VALUES ('boss','老板','admin',1,0)`);
  });
  afterAll(async () => app?.stop());

  it('has no dev login, no simulator admin API and no /cgi-bin stand-in (404)', async () => {
    await expectNoDemoRoutes(app.request);
  });

  it('refuses to mount the simulator at all', () => {
    expect(() => attachSimulatorApp(app.deps, createSimulator({ corp: { customers: 10, guides: 1, groups: 0 } }).app)).toThrow(/demo mode/);
  });
});

describe('production with a config assembled in simulator mode (bypassing loadConfig)', () => {
  let db: TestDatabase;
  let running: RunningServer;
  beforeAll(async () => {
    db = await createTestDatabase();
    const demo = buildConfig(parseEnv({ LOG_LEVEL: 'silent', DATABASE_URL: db.url }));
    running = await startServer({ ...demo, NODE_ENV: 'production' }, { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await running?.close(1000);
    await db?.drop();
  });

  it('still opens no demo door', async () => {
    expect(running.deps.config.wecomMode).toBe('simulator');
    expect(() => attachSimulatorApp(running.deps, createSimulator({ corp: { customers: 10, guides: 1, groups: 0 } }).app)).toThrow(
      /demo mode/,
    );
    await expectNoDemoRoutes((path, init) => fetch(`${running.url}${path}`, init));
  });
});
