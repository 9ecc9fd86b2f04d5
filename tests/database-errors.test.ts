import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import Koa from 'koa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildConfig } from '@server/config/index.ts';
import { parseEnv } from '@server/config/env.ts';
import { demoOptions, seedDemo } from '@server/demo/index.ts';
import { errorHandler } from '@server/http/error-handler.ts';
import { requestId } from '@server/http/request-id.ts';
import { configureLogger } from '@server/logger.ts';
import { startServer, type RunningServer } from '@server/server.ts';
import { sessionHeaders } from './support/auth.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';
import { createTestDatabase } from './support/test-db.ts';

const PHONE = '13812345678';
const onMysql = Boolean(process.env.TEST_DATABASE_URL?.startsWith('mysql'));

/** Everything the app logs from now on, as text. */
function captureLog(): { text: () => string } {
  const lines: string[] = [];
  configureLogger('info', {
    write: (s: string) => {
      lines.push(s);
    },
  });
  return { text: () => lines.join('') };
}

async function guideAndCustomer(app: { deps: RunningServer['deps'] }): Promise<{ userid: string; customerId: number }> {
  const rows: Array<{ userid: string; customer_id: number }> = await app.deps.ds.query(
    `SELECT s.userid, f.customer_id FROM customer_follow f JOIN staff s ON s.id = f.staff_id WHERE f.lost_at IS NULL ORDER BY f.id LIMIT 1`,
  );
  const r = rows[0];
  if (!r) throw new Error('no follow seeded');
  return { userid: r.userid, customerId: Number(r.customer_id) };
}

afterEach(() => configureLogger('silent'));

describe('database errors over HTTP', () => {
  let app: TestApp;
  let headers: Record<string, string>;
  let customerId: number;
  beforeAll(async () => {
    app = await startTestApp();
    await seedDemo(app.deps.ds, demoOptions({ customers: 6, guides: 1, groups: 0, ordersPerCustomer: 0 }));
    const g = await guideAndCustomer(app);
    customerId = g.customerId;
    headers = { ...(await sessionHeaders(app, g.userid)), 'content-type': 'application/json' };
  });
  afterAll(async () => {
    if (!app.deps.ds.isInitialized) await app.deps.ds.initialize();
    await app.stop();
  });

  it('logs a failing query by statement and driver code, never with the phone number bound to it', async () => {
    // A statement that fails while executing, with the guide's text (holding a phone number) bound to it.
    await app.deps.ds.query(
      onMysql
        ? "CREATE TRIGGER refuse_follow_up BEFORE INSERT ON follow_up FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused'"
        : "CREATE TRIGGER refuse_follow_up BEFORE INSERT ON follow_up BEGIN SELECT RAISE(ABORT, 'refused'); END",
    );
    try {
      const log = captureLog();
      const res = await app.request(`/api/customers/${customerId}/follow-ups`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ content: `客户新手机 ${PHONE}，周末到店` }),
      });
      expect(res.status).toBe(500);
      expect(((await res.json()) as { error: { id: string } }).error.id).toBe('internal_error');
      const text = log.text();
      expect(text).toContain('unhandled error');
      expect(text).toContain('INSERT INTO');
      expect(text).toContain(onMysql ? 'ER_SIGNAL_EXCEPTION' : 'SQLITE_CONSTRAINT');
      expect(text).not.toContain(PHONE);
      expect(text).not.toContain('周末到店');
    } finally {
      await app.deps.ds.query('DROP TRIGGER refuse_follow_up');
    }
  });

  it('answers 503 database_unavailable with Retry-After while the database is gone, and /healthz says so', async () => {
    const log = captureLog();
    await app.deps.ds.destroy();
    const res = await app.request('/api/my/customers', { headers });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const body = (await res.json()) as { error: { id: string; message: string } };
    expect(body.error.id).toBe('database_unavailable');
    expect(body.error.message).toBe('数据库暂时不可用，请稍后再试');
    const health = await app.request('/healthz');
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'degraded', database: 'unreachable' });
    expect(log.text()).toContain('database unavailable');

    await app.deps.ds.initialize();
    expect((await app.request('/api/my/customers', { headers })).status).toBe(200);
    expect((await app.request('/healthz')).status).toBe(200);
  });
});

describe.runIf(!onMysql)('SQLite busy', () => {
  it('maps SQLITE_BUSY from the driver to 503 database_unavailable', async () => {
    const db = await createTestDatabase();
    const file = db.url.slice('sqlite:'.length);
    const holder = new Database(file);
    const contender = new Database(file, { timeout: 0 });
    const koa = new Koa();
    koa.use(requestId());
    koa.use(errorHandler());
    koa.use(() => {
      contender.exec('BEGIN IMMEDIATE');
    });
    const server = koa.listen(0, '127.0.0.1');
    try {
      holder.exec('BEGIN IMMEDIATE');
      await new Promise((r) => server.once('listening', r));
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(((await res.json()) as { error: { id: string } }).error.id).toBe('database_unavailable');
    } finally {
      server.close();
      holder.close();
      contender.close();
      await db.drop();
    }
  });
});

/** A TCP relay to the MySQL server that can be cut (every connection dropped, port closed) and restored. */
async function mysqlRelay(target: URL): Promise<{ port: number; cut(): Promise<void>; restore(): Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const make = (): Server =>
    createServer((client) => {
      const upstream = connect(Number(target.port || 3306), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
  let relay = make();
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', () => r()));
  const port = (relay.address() as AddressInfo).port;
  const cut = async () => {
    await new Promise<void>((r) => {
      relay.close(() => r());
      for (const s of sockets) s.destroy();
    });
  };
  return {
    port,
    cut,
    restore: async () => {
      relay = make();
      await new Promise<void>((r) => relay.listen(port, '127.0.0.1', () => r()));
    },
    close: async () => {
      if (relay.listening) await cut();
    },
  };
}

describe.runIf(onMysql)('MySQL outage', () => {
  it('answers 503 database_unavailable while the server is unreachable, and recovers when it is back', async () => {
    const db = await createTestDatabase();
    const real = new URL(db.url);
    const relay = await mysqlRelay(real);
    const viaRelay = new URL(db.url);
    viaRelay.host = `127.0.0.1:${relay.port}`;
    const running = await startServer(
      buildConfig(parseEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: viaRelay.toString(), DEMO_SEED: 'off' })),
      { port: 0, host: '127.0.0.1' },
    );
    try {
      await seedDemo(running.deps.ds, demoOptions({ customers: 4, guides: 1, groups: 0, ordersPerCustomer: 0 }));
      const g = await guideAndCustomer(running);
      const headers = await sessionHeaders(
        { ...running, db, request: (path, init) => fetch(`${running.url}${path}`, init), stop: () => running.close() },
        g.userid,
      );
      const get = (path: string, h: Record<string, string> = headers) => fetch(`${running.url}${path}`, { headers: h });
      expect((await get('/api/my/customers')).status).toBe(200);

      await relay.cut();
      // The pool's connections are gone and new ones are refused: every attempt is a 503, never a 500.
      for (let i = 0; i < 3; i++) {
        const res = await get('/api/my/customers');
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('5');
        expect(((await res.json()) as { error: { id: string } }).error.id).toBe('database_unavailable');
      }
      expect((await get('/healthz', {})).status).toBe(503);

      await relay.restore();
      let status = 0;
      for (let i = 0; i < 20 && status !== 200; i++) status = (await get('/api/my/customers')).status;
      expect(status).toBe(200);
    } finally {
      await running.close(1000).catch(() => undefined);
      await relay.close();
      await db.drop();
    }
  });
});
