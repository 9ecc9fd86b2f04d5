/**
 * Many guides opening customer profiles at once, against the real server
 * (server/src/main.ts in its own process, production settings, loopback only).
 *
 * Each simulated guide holds a session of a real demo guide and opens the
 * customers it follows one after another, with no pause, the way the sidebar
 * does on a 1v1 chat: the JS-SDK signatures and GET /api/open/customer/:externalUserid
 * (profile, value, tags and next actions in one answer) in parallel, then the chat's
 * tasks and the first orders page in parallel. Defaults: 200 guides
 * for 30 s (`--guides`, `--seconds`). The floor is /healthz driven by the same
 * number of workers against the same server in the same run: what the HTTP stack
 * and one trivial query cost on this machine at that moment.
 *
 * Runs on SQLite, and also on MySQL/MariaDB when TEST_DATABASE_URL, a mysql
 * DATABASE_URL or the bench database names a server (a fresh database, dropped
 * after). LOAD_CPU_PROF=<dir> writes a V8 CPU profile of the server there;
 * LOAD_SERVER_LOG=<file> keeps the server's log (one file per database: the kind is appended).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import mysql from 'mysql2/promise';
import { SESSION_COOKIE, signSession } from '@server/auth/session.ts';
import { openDatabase } from '@server/db/data-source.ts';
import { demoOptions, seedDemo } from '@server/demo/index.ts';
import { runRfmRecompute } from '@server/features/rfm/recompute.ts';
import { mysqlConfig } from '../lib/database.ts';
import { httpClient, Recorder, runClosedLoop, type HttpClient, type HttpResult, type LoadStats } from '../lib/http-load.ts';
import { scratchMysql, scratchSqlite, type ScratchDatabase } from '../lib/scratch-database.ts';
import { startServerProcess } from '../lib/server-process.ts';
import type { BenchContext, BenchRow, BenchScenario } from '../types.ts';

export const DEFAULT_SECONDS = 30;
export const DEFAULT_GUIDES = 200;
const CUSTOMERS_PER_GUIDE = 20;

interface Guide {
  cookie: string;
  externals: string[];
}

/** The MySQL server to run on besides SQLite, if any. */
function mysqlServer(ctx: BenchContext): string | null {
  const candidates = [process.env.TEST_DATABASE_URL, process.env.DATABASE_URL, ctx.kind === 'mysql' ? ctx.databaseUrl : undefined];
  return candidates.find((u) => u !== undefined && /^(mysql|mariadb):\/\//.test(u.trim()))?.trim() ?? null;
}

async function mysqlVersion(url: string): Promise<string> {
  const c = await mysql.createConnection({ ...mysqlConfig(url), connectTimeout: 3000 });
  try {
    const [rows] = await c.query('SELECT VERSION() AS v');
    const v = String((rows as Array<{ v: string }>)[0]?.v ?? '');
    return /mariadb/i.test(v) ? `MariaDB ${v.split('-')[0]}` : `MySQL ${v}`;
  } finally {
    await c.end();
  }
}

/** Seeds the demo corp (one guide per simulated guide) and returns each guide's session and followed customers. */
async function prepare(db: ScratchDatabase, guides: number, secret: string, log: (m: string) => void): Promise<Guide[]> {
  const ds = await openDatabase(db.url);
  try {
    const o = demoOptions({ customers: Math.max(1000, guides * CUSTOMERS_PER_GUIDE), guides, groups: 40 });
    log(`load: seeding ${o.customers} customers, ${o.guides} guides (${db.kind})…`);
    await seedDemo(ds, o);
    await runRfmRecompute(ds, { trigger: 'cli' });
    const rows: Array<{ id: number; userid: string; external_userid: string }> = await ds.query(
      `SELECT s.id, s.userid, c.external_userid
         FROM customer_follow f JOIN staff s ON s.id = f.staff_id JOIN customer c ON c.id = f.customer_id
        WHERE f.lost_at IS NULL AND s.status = 1 AND s.role = 'guide'
        ORDER BY s.id, c.id`,
    );
    const byGuide = new Map<number, { userid: string; externals: string[] }>();
    for (const r of rows) {
      const g = byGuide.get(Number(r.id)) ?? { userid: r.userid, externals: [] };
      g.externals.push(r.external_userid);
      byGuide.set(Number(r.id), g);
    }
    const exp = Math.floor(Date.now() / 1000) + 6 * 3600;
    const out = [...byGuide].map(([sid, g]) => ({
      cookie: `${SESSION_COOKIE}=${signSession(secret, { sid, uid: g.userid, exp })}`,
      externals: g.externals,
    }));
    if (out.length === 0) throw new Error('the demo corp has no guide with customers');
    // Fewer guides with customers than asked for: the busiest ones are shared.
    return Array.from({ length: guides }, (_, i) => out[i % out.length]!);
  } finally {
    await ds.destroy();
  }
}

interface RunResult {
  open: LoadStats;
  opens: number;
  floor: LoadStats;
  logBytesPerRequest: number;
}

/**
 * The /healthz floor, then the open path, against one server process. Each
 * worker has its own keep-alive client (a guide's webview); each phase starts
 * with a warm-up on the same clients, so connections are open (and the JIT,
 * statement caches and database pages warm) before anything is timed.
 */
async function measure(
  url: string,
  guides: Guide[],
  seconds: number,
  logBytes: () => number,
  log: (m: string) => void,
): Promise<RunResult> {
  const next = guides.map(() => 0);
  const byEndpoint = new Map<string, Recorder>();
  const note = (name: string, r: HttpResult) => {
    const e = byEndpoint.get(name) ?? new Recorder();
    e.add(r);
    byEndpoint.set(name, e);
  };
  const openOnce = async (client: HttpClient, rec: Recorder, w: number): Promise<boolean> => {
    const g = guides[w]!;
    const ext = g.externals[next[w]! % g.externals.length]!;
    next[w]! += 1;
    const headers = { cookie: g.cookie };
    // The sidebar's open: the JS-SDK signatures and the one-call open before the paint, then the
    // chat's tasks and the first page of orders it loads right after.
    const first = await Promise.all([
      client.get(`/api/wecom/jssdk-config?url=${encodeURIComponent(`${url}/`)}`, headers),
      client.get(`/api/open/customer/${encodeURIComponent(ext)}`, headers),
    ]);
    for (const r of first) rec.add(r);
    ['jssdk-config', 'open'].forEach((name, i) => note(name, first[i]!));
    if (!first.every((r) => r.ok)) return false;
    const id = (JSON.parse(first[1]!.body) as { profile: { id: number } }).profile.id;
    const rest = await Promise.all([
      client.get(`/api/tasks/chat?customerId=${id}`, headers),
      client.get(`/api/customers/${id}/orders?limit=10`, headers),
    ]);
    for (const r of rest) rec.add(r);
    ['tasks', 'orders'].forEach((name, i) => note(name, rest[i]!));
    return rest.every((r) => r.ok);
  };

  const floorRec = new Recorder();
  let clients = guides.map(() => httpClient(url));
  const health = async (w: number) => {
    floorRec.add(await clients[w]!.get('/healthz'));
  };
  await runClosedLoop(guides.length, 1, health);
  floorRec.reset();
  await runClosedLoop(guides.length, Math.max(2, Math.round(seconds / 3)), health);
  floorRec.stop();
  for (const c of clients) c.close();
  const floor = floorRec.stats();
  log(`load: /healthz floor ${Math.round(floor.perSecond)} req/s, p99 ${Math.round(floor.p99)} ms, ${floor.errors} errors`);

  const rec = new Recorder();
  let opens = 0;
  clients = guides.map(() => httpClient(url));
  await runClosedLoop(guides.length, Math.min(3, seconds), (w) => openOnce(clients[w]!, rec, w).then(() => undefined));
  const warm = rec.stats();
  log(`load: warm-up ${warm.requests} requests, ${warm.errors} errors${warm.errors ? ` ${JSON.stringify(warm.errorKinds)}` : ''}`);
  rec.reset();
  byEndpoint.clear();
  const bytesBefore = logBytes();
  await runClosedLoop(guides.length, seconds, async (w) => {
    if (await openOnce(clients[w]!, rec, w)) opens += 1;
  });
  rec.stop();
  for (const c of clients) c.close();
  const open = rec.stats();
  const logBytesPerRequest = (logBytes() - bytesBefore) / Math.max(1, open.requests);
  log(
    `load: open path ${Math.round(open.perSecond)} req/s, p50 ${Math.round(open.p50)} / p95 ${Math.round(open.p95)} / p99 ${Math.round(open.p99)} / max ${Math.round(open.max)} ms, ${open.errors} errors${open.errors ? ` ${JSON.stringify(open.errorKinds)}` : ''}`,
  );
  for (const [name, e] of byEndpoint) {
    const s = e.stats();
    log(`load:   ${name}: p50 ${Math.round(s.p50)} / p99 ${Math.round(s.p99)} / max ${Math.round(s.max)} ms, ${s.errors} errors`);
  }
  return { open, opens: opens / open.seconds, floor, logBytesPerRequest };
}

function rowsOf(label: string, r: RunResult, guides: number, seconds: number): BenchRow[] {
  const floorLabel = `/healthz, ${guides} workers, same server and run`;
  const errorPct = (s: LoadStats) => (s.requests ? (100 * s.errors) / s.requests : 0);
  return [
    {
      metric: `${label}: open path, ${guides} guides × ${seconds} s`,
      value: r.open.perSecond,
      unit: 'req/s',
      floor: r.floor.perSecond,
      floorLabel,
    },
    {
      metric: `${label}: sidebar opens (jssdk-config ∥ open → tasks ∥ orders)`,
      value: r.opens,
      unit: 'opens/s',
      floor: r.floor.perSecond / 4,
      floorLabel: '/healthz req/s ÷ 4 requests',
    },
    { metric: `${label}: p50`, value: r.open.p50, unit: 'ms', floor: r.floor.p50, floorLabel },
    { metric: `${label}: p95`, value: r.open.p95, unit: 'ms', floor: r.floor.p95, floorLabel },
    { metric: `${label}: p99`, value: r.open.p99, unit: 'ms', floor: r.floor.p99, floorLabel: `${floorLabel} (goal < 1,000 ms)` },
    { metric: `${label}: slowest request`, value: r.open.max, unit: 'ms', floor: r.floor.max, floorLabel },
    {
      metric: `${label}: errors (of ${r.open.requests.toLocaleString('en')} requests)`,
      value: r.open.errors,
      unit: 'errors',
      floor: r.floor.errors,
      floorLabel: `/healthz errors; open path ${errorPct(r.open).toFixed(2)}%${r.open.errors ? ` ${JSON.stringify(r.open.errorKinds)}` : ''} (goal 0)`,
    },
    {
      metric: `${label}: requests over 1 s`,
      value: r.open.overOneSecond,
      unit: 'requests',
      floor: r.floor.overOneSecond,
      floorLabel: '/healthz requests over 1 s (goal 0)',
    },
    {
      metric: `${label}: server log output per request`,
      value: r.logBytesPerRequest,
      unit: 'bytes',
      floor: null,
      floorLabel: 'LOG_LEVEL=info, as in production',
    },
  ];
}

/** One database: fresh database, demo corp, server process, measurements, clean-up. */
async function runOn(db: ScratchDatabase, label: string, ctx: BenchContext, guides: number, seconds: number): Promise<BenchRow[]> {
  const secret = randomBytes(24).toString('hex');
  try {
    const sessions = await prepare(db, guides, secret, ctx.log);
    const prof = process.env.LOAD_CPU_PROF?.trim();
    if (prof) mkdirSync(resolve(prof), { recursive: true });
    const server = await startServerProcess(
      {
        // The demo corp needs demo mode, which production refuses; the log level is production's.
        NODE_ENV: 'development',
        LOG_LEVEL: 'info',
        DATABASE_URL: db.url,
        SESSION_SECRET: secret,
        WECOM_CORP_ID: '',
        DEMO_SEED: 'off',
        DEMO_CUSTOMERS: '10',
      },
      {
        nodeArgs: prof ? ['--cpu-prof', `--cpu-prof-dir=${resolve(prof)}`] : [],
        ...(process.env.LOAD_SERVER_LOG ? { logFile: `${process.env.LOAD_SERVER_LOG}.${db.kind}` } : {}),
      },
    );
    try {
      ctx.log(`load: ${label} server at ${server.url}; ${guides} guides for ${seconds} s`);
      return rowsOf(label, await measure(server.url, sessions, seconds, server.logBytes, ctx.log), guides, seconds);
    } finally {
      await server.stop();
    }
  } finally {
    await db.drop();
  }
}

export const scenario: BenchScenario = {
  name: 'load',
  description: `${DEFAULT_GUIDES} guides opening profiles for ${DEFAULT_SECONDS} s against the real server (SQLite, and MySQL/MariaDB when one is configured), vs /healthz`,
  async run(ctx) {
    const guides = ctx.guides ?? DEFAULT_GUIDES;
    const seconds = ctx.seconds ?? DEFAULT_SECONDS;
    const rows = await runOn(scratchSqlite('daogou-load'), 'SQLite', ctx, guides, seconds);
    const server = mysqlServer(ctx);
    if (server) rows.push(...(await runOn(await scratchMysql(server, 'load'), await mysqlVersion(server), ctx, guides, seconds)));
    else ctx.log('load: no MySQL/MariaDB configured (TEST_DATABASE_URL, DATABASE_URL or BENCH_DATABASE_URL); SQLite only');
    return rows;
  },
};
export default scenario;
