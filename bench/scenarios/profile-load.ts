/**
 * The sidebar's 1v1 open under load on the scale's demo corp: GET /api/open/customer/:externalUserid
 * (me + profile + next actions, what the sidebar asks for on every open) driven by autocannon at 64
 * connections against the real server in its own process (loopback, bounded by --seconds), next to a
 * raw-mysql2 floor that fetches the same data with the fewest statements and no HTTP, and the old
 * profile endpoint (GET /api/customers/:id) for reference.
 *
 *   npm run bench -- --only profile-load --scale large [--seconds 15]
 *
 * Goal (large: 1M customers on MariaDB): ≥ 800 req/s and p95 ≤ 30 ms at 64 connections, within
 * 1.5× of the floor.
 */
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import mysql from 'mysql2/promise';
import { SESSION_COOKIE, signSession } from '@server/auth/session.ts';
import { select } from '@server/db/sql.ts';
import { CONTACT_TYPES } from '@server/features/customers/index.ts';
import { COUNTED_ORDER_SQL } from '@server/features/rfm/index.ts';
import { mysqlConfig } from '../lib/database.ts';
import { percentile } from '../lib/http-load.ts';
import { startServerProcess } from '../lib/server-process.ts';
import type { BenchContext, BenchRow, BenchScenario } from '../types.ts';

const CONNECTIONS = 64;
const DEFAULT_SECONDS = 15;
const SAMPLE = 2000;
const GOAL_RPS = 800;
const GOAL_P95_MS = 30;
const POOL_SIZE = 20;

interface Open {
  staffId: number;
  userid: string;
  externalUserid: string;
  customerId: number;
  cookie: string;
}

interface Measured {
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  requests: number;
}

/** A spread of (guide, customer they follow) pairs across the corp, with a session cookie each. */
async function samplePairs(ctx: BenchContext, secret: string): Promise<Open[]> {
  const ds = await ctx.demoDataSource();
  const step = Math.max(1, Math.floor(ctx.demo.customers / SAMPLE));
  const rows = await select<{ staff_id: unknown; userid: string; external_userid: string; customer_id: unknown }>(
    ds,
    `SELECT f.staff_id, s.userid, c.external_userid, c.id AS customer_id
       FROM customer c JOIN customer_follow f ON f.customer_id = c.id AND f.lost_at IS NULL JOIN staff s ON s.id = f.staff_id
      WHERE c.id % ? = 1 LIMIT ${SAMPLE}`,
    [step],
  );
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return rows.map((r) => ({
    staffId: Number(r.staff_id),
    userid: r.userid,
    externalUserid: r.external_userid,
    customerId: Number(r.customer_id),
    cookie: `${SESSION_COOKIE}=${signSession(secret, { sid: Number(r.staff_id), uid: r.userid, exp })}`,
  }));
}

/** autocannon over the pairs, round robin; latency percentiles from every response. */
async function drive(url: string, pairs: Open[], pathOf: (o: Open) => string, seconds: number): Promise<Measured> {
  let next = 0;
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: seconds,
        timeout: 10,
        requests: [
          {
            setupRequest: (req) => {
              const o = pairs[next++ % pairs.length] as Open;
              return { ...req, method: 'GET', path: pathOf(o), headers: { cookie: o.cookie, 'accept-encoding': 'gzip, deflate, br' } };
            },
          },
        ],
      },
      (err, res) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(res)),
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => times.push(ms));
  });
  times.sort((a, b) => a - b);
  return {
    perSecond: result.requests.total / seconds,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
  };
}

/**
 * The floor: what the open reads, straight through mysql2 with no HTTP, no ORM and no policy code,
 * in two round trips — the session row, then in parallel the customer with follows, tags and
 * consent, and the open's facts (one UNION ALL: messages out since added, last contact, last refund,
 * last complaint, recent paid orders) — and the rows turned into JSON. The tag catalog and the rules
 * are read once up front, as the server's versioned caches do. The same 64-way concurrency on a
 * pool as large as the server's.
 */
async function floor(databaseUrl: string, pairs: Open[], seconds: number): Promise<Measured> {
  const pool = mysql.createPool({ ...mysqlConfig(databaseUrl), connectionLimit: POOL_SIZE });
  const times: number[] = [];
  let errors = 0;
  let next = 0;
  const since = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString().slice(0, 19).replace('T', ' ');
  const [[catalog], [rules]] = await Promise.all([
    pool.query(
      `SELECT g.id, g.name, g.sort_order, t.id AS tid, t.name AS tname, t.sort_order AS torder
         FROM tag_group g LEFT JOIN tag t ON t.group_id = g.id AND t.deleted = 0 WHERE g.deleted = 0
        ORDER BY g.sort_order DESC, g.id, t.sort_order DESC, t.id`,
    ),
    pool.query(
      'SELECT code, name, priority, rule_condition, reason_template, script_selector FROM nba_rule WHERE enabled = 1 ORDER BY priority DESC, id',
    ),
  ]);
  const one = async (o: Open): Promise<void> => {
    const [staff] = await pool.query(
      `SELECT s.id, s.userid, s.name, s.role, s.status,
              (SELECT 1 FROM staff_department d WHERE d.staff_id = s.id AND d.is_leader = 1 LIMIT 1) AS leads
         FROM staff s WHERE s.id = ?`,
      [o.staffId],
    );
    const [profile, facts] = await Promise.all([
      pool.query(
        `SELECT c.*, f.id AS f_id, f.staff_id, f.remark, f.description, f.remark_corp_name, f.remark_mobiles, f.add_way, f.state,
                f.added_at, s.userid, s.name AS staff_name, t.tag_id, ac.status, ac.changed_at
           FROM customer c
           LEFT JOIN customer_follow f ON f.customer_id = c.id AND f.lost_at IS NULL
           LEFT JOIN staff s ON s.id = f.staff_id
           LEFT JOIN customer_tag t ON t.follow_id = f.id
           LEFT JOIN archive_consent ac ON ac.external_userid = c.external_userid AND ac.staff_userid = ? AND ac.roomid = ''
          WHERE c.external_userid = ? ORDER BY f.added_at, f.id`,
        [o.userid, o.externalUserid],
      ),
      pool.query(
        `SELECT 'out' AS k, COUNT(*) AS v, NULL AS t FROM interaction WHERE customer_id = ? AND type IN ('message_out', 'script_sent')
            AND occurred_at >= (SELECT MIN(added_at) FROM customer_follow WHERE customer_id = ? AND lost_at IS NULL)
         UNION ALL SELECT 'contact', NULL, MAX(occurred_at) FROM interaction WHERE customer_id = ? AND type IN (${CONTACT_TYPES.map((t) => `'${t}'`).join(', ')})
         UNION ALL SELECT 'refund', NULL, MAX(source_updated_at) FROM orders WHERE customer_id = ? AND refunded_amount > 0
         UNION ALL SELECT 'complaint', NULL, MAX(created_at) FROM follow_up WHERE customer_id = ? AND (content LIKE '%投诉%' OR content LIKE '%过敏%' OR content LIKE '%不满意%')
         UNION ALL SELECT 'paid', NULL, o.paid_at FROM orders o WHERE o.customer_id = ? AND ${COUNTED_ORDER_SQL} AND o.paid_at >= ?`,
        [o.customerId, o.customerId, o.customerId, o.customerId, o.customerId, o.customerId, since(31)],
      ),
    ]);
    JSON.stringify({ staff, profile: profile[0], catalog, facts: facts[0], rules });
  };
  const deadline = performance.now() + seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const started = performance.now();
      try {
        await one(pairs[next++ % pairs.length] as Open);
        times.push(performance.now() - started);
      } catch {
        errors++;
      }
    }
  };
  const started = performance.now();
  try {
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  } finally {
    await pool.end();
  }
  const elapsed = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return {
    perSecond: times.length / elapsed,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    errors,
    requests: times.length + errors,
  };
}

const r1 = (n: number): number => Math.round(n * 10) / 10;

export const scenario: BenchScenario = {
  name: 'profile-load',
  description: `the 1v1 open (GET /api/open/customer/:id) at ${CONNECTIONS} connections vs a raw-mysql2 floor (MySQL/MariaDB only)`,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    if (ctx.kind !== 'mysql') throw new Error('profile-load measures MySQL/MariaDB; set BENCH_DATABASE_URL to a mysql:// URL');
    const seconds = ctx.seconds ?? DEFAULT_SECONDS;
    const secret = randomBytes(24).toString('hex');
    const pairs = await samplePairs(ctx, secret);
    ctx.log(`profile-load: ${pairs.length} guide/customer pairs of ${ctx.demo.customers} customers`);
    const server = await startServerProcess({
      // Demo mode (no corp) needs development; the log level is production's. No background jobs in the way.
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DATABASE_URL: ctx.databaseUrl,
      DATABASE_POOL_SIZE: String(POOL_SIZE),
      SESSION_SECRET: secret,
      WECOM_CORP_ID: '',
      DEMO_SEED: 'off',
      SYNC_DAILY_AT: 'off',
      ARCHIVE_PULL_INTERVAL_SECONDS: '0',
      CALLBACK_POLL_SECONDS: '0',
    });
    let open: Measured;
    let profile: Measured;
    try {
      const openPath = (o: Open) => `/api/open/customer/${encodeURIComponent(o.externalUserid)}`;
      await drive(server.url, pairs, openPath, Math.min(5, seconds)); // warm-up: connections, JIT, buffer pool
      open = await drive(server.url, pairs, openPath, seconds);
      ctx.log(`profile-load: open ${r1(open.perSecond)} req/s, p95 ${r1(open.p95)} ms, ${open.errors} errors`);
      profile = await drive(server.url, pairs, (o) => `/api/customers/${o.customerId}`, seconds);
      ctx.log(`profile-load: profile ${r1(profile.perSecond)} req/s, p95 ${r1(profile.p95)} ms`);
    } finally {
      await server.stop();
    }
    const raw = await floor(ctx.databaseUrl, pairs, seconds);
    ctx.log(`profile-load: floor ${r1(raw.perSecond)} ops/s, p95 ${r1(raw.p95)} ms`);
    const label = `raw mysql2, same reads, ${CONNECTIONS}-way (goal ≥ ${GOAL_RPS}/s, ≤ 1.5× floor)`;
    return [
      {
        metric: `open (me+profile+next actions), ${CONNECTIONS} connections`,
        value: r1(open.perSecond),
        unit: 'req/s',
        floor: r1(raw.perSecond),
        floorLabel: label,
      },
      { metric: 'open p50', value: r1(open.p50), unit: 'ms', floor: r1(raw.p50), floorLabel: 'floor p50' },
      { metric: `open p95 (goal ≤ ${GOAL_P95_MS} ms)`, value: r1(open.p95), unit: 'ms', floor: r1(raw.p95), floorLabel: 'floor p95' },
      { metric: 'open p99', value: r1(open.p99), unit: 'ms', floor: r1(raw.p99), floorLabel: 'floor p99' },
      { metric: `open errors (of ${open.requests})`, value: open.errors, unit: 'errors', floor: 0, floorLabel: 'none', better: 'lower' },
      { metric: `open throughput goal`, value: r1(open.perSecond), unit: 'req/s', floor: GOAL_RPS, floorLabel: 'goal' },
      {
        metric: `GET /api/customers/:id (profile only), ${CONNECTIONS} connections`,
        value: r1(profile.perSecond),
        unit: 'req/s',
        floor: r1(raw.perSecond),
        floorLabel: 'floor (reference)',
      },
      { metric: 'GET /api/customers/:id p95', value: r1(profile.p95), unit: 'ms', floor: r1(raw.p95), floorLabel: 'floor p95 (reference)' },
    ];
  },
};
export default scenario;
