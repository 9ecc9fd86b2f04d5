/**
 * The 30-day team report of 500 guides (large: 20M interactions, 3M orders) read from the
 * staff_daily_stats rollup, next to its floor: the same statement sent raw through the driver (no
 * ORM, no assembling of the answer). For reference, the per-guide figures computed by a GROUP BY
 * over the interaction table (the slow path the rollup replaces), and the time to rebuild the 60
 * days the report reads. The corp lives in a database of its own (see bench/lib/reports-corp.ts).
 */
import { resolve } from 'node:path';
import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { openDatabase } from '@server/db/data-source.ts';
import { select } from '@server/db/sql.ts';
import { periodSumsQuery, teamReport, windowSumsQuery } from '@server/features/reports/reports.service.ts';
import { rebuildRollup, rebuildWindows } from '@server/features/reports/rollup.ts';
import { mysqlConfig } from '../lib/database.ts';
import { loadReportsCorp, REPORTS_CORP, reportPeriod, reportsCorpLoaded } from '../lib/reports-corp.ts';
import type { BenchContext, BenchRow, BenchScenario } from '../types.ts';

const RUNS = 9;

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up: statements prepared, pages in the buffer pool
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return Math.round((times[Math.floor(times.length / 2)] ?? 0) * 10) / 10;
}

/** `<bench database>_reports` on the same server (created if missing), or an SQLite file beside the bench's. */
async function reportsDatabaseUrl(ctx: BenchContext): Promise<string> {
  if (ctx.kind === 'sqlite') return `sqlite:${resolve(import.meta.dirname, '../../tmp/bench-reports.sqlite')}`;
  const { database, ...server } = mysqlConfig(ctx.databaseUrl);
  const name = `${database}_reports`;
  const conn = await mysql.createConnection(server);
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
  const url = new URL(ctx.databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The report's statement for these guides and period, as the service sends it, through a bare driver. */
function rawReport(url: string, ds: DataSource, ids: number[], p: { from: string; to: string }) {
  const { sql, params } = windowSumsQuery(ids, p.from, p.to) ?? periodSumsQuery(ids, p.from, p.to);
  if (!url.startsWith('mysql')) return { run: () => ds.query(sql, params), close: async () => {} };
  const pool = mysql.createPool({ ...mysqlConfig(url), connectionLimit: 1 });
  return { run: () => pool.query(sql, params), close: () => pool.end() };
}

const REFERENCES = 'bench.reports-references';
const referencesSchema = z.object({ to: z.string(), rebuildMs: z.number(), slowPathMs: z.number() });

async function storedReferences(ds: DataSource, to: string): Promise<z.infer<typeof referencesSchema> | undefined> {
  const [row] = await select<{ value: string }>(ds, `SELECT value FROM setting WHERE ${ds.driver.escape('key')} = ?`, [REFERENCES]);
  const parsed = row ? referencesSchema.safeParse(JSON.parse(row.value)) : undefined;
  return parsed?.success && parsed.data.to === to ? parsed.data : undefined;
}

async function storeReferences(ds: DataSource, refs: z.infer<typeof referencesSchema>): Promise<void> {
  await ds.query(`DELETE FROM setting WHERE ${ds.driver.escape('key')} = ?`, [REFERENCES]);
  await ds.query(`INSERT INTO setting (${ds.driver.escape('key')}, value) VALUES (?, ?)`, [REFERENCES, JSON.stringify(refs)]);
}

export const scenario: BenchScenario = {
  name: 'reports',
  description: '30-day team report of 500 guides from the rollup vs the same SQL sent raw',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const size = REPORTS_CORP[ctx.scale];
    const url = await reportsDatabaseUrl(ctx);
    const ds = await openDatabase(url);
    try {
      const now = ctx.demo.now;
      if (!(await reportsCorpLoaded(ds, size, now))) {
        ctx.log(
          `reports: writing ${size.guides} guides, ${size.customers} customers, ${size.orders} orders, ${size.interactions} interactions`,
        );
        await loadReportsCorp(ds, size, now, ctx.log);
      }
      const p = reportPeriod(now);
      // The rebuild and the reference GROUP BY take minutes at the large size: they are measured once per
      // corp and period and kept in `setting`, so a run after a change to the report itself only times the report.
      const refs = await storedReferences(ds, p.to);
      let rebuildMs = refs?.rebuildMs;
      if (rebuildMs === undefined) {
        ctx.log(`reports: rebuilding the rollup for ${p.previousFrom}..${p.to}`);
        const t0 = performance.now();
        await rebuildRollup(ds, p.previousFrom, p.to, now);
        rebuildMs = performance.now() - t0;
      } else {
        ctx.log(`reports: the rollup of ${p.previousFrom}..${p.to} is built (in ${Math.round(rebuildMs)} ms when measured)`);
        // Its window rows are rebuilt each time (they are cheap, and may postdate the stored rollup).
        await ds.transaction((em) => rebuildWindows(em, p.previousFrom, p.to));
      }

      const staffRows = await select<{ id: number; userid: string; name: string }>(ds, 'SELECT id, userid, name FROM staff ORDER BY id');
      const staff = staffRows.map((s) => ({ id: Number(s.id), userid: s.userid, name: s.name, department: null }));
      const ids = staff.map((s) => s.id);
      const raw = rawReport(url, ds, ids, p);
      let report = 0;
      let floor = 0;
      try {
        report = await median(RUNS, () => teamReport(ds, staff, p.from, p.to));
        floor = await median(RUNS, raw.run);
      } finally {
        await raw.close();
      }
      const sample = await teamReport(ds, staff, p.from, p.to);
      ctx.log(
        `reports: ${sample.rows.length} rows; totals: ${sample.totals.current.messagesSent} messages sent, ${sample.totals.current.buyers} buyers, ${sample.totals.current.gmv} fen`,
      );
      let slowPath = refs?.slowPathMs;
      if (slowPath === undefined) {
        ctx.log('reports: timing the GROUP BY over the interactions the rollup replaces');
        const t0 = performance.now();
        await ds.query(
          `SELECT staff_id,
           COUNT(DISTINCT CASE WHEN type IN ('message_in', 'message_out') THEN customer_id END) AS chats,
           SUM(CASE WHEN type = 'message_out' THEN 1 ELSE 0 END) AS sent,
           SUM(CASE WHEN type = 'message_in' THEN 1 ELSE 0 END) AS received,
           SUM(CASE WHEN type = 'tag_added' THEN 1 ELSE 0 END) AS tags,
           SUM(CASE WHEN type = 'script_sent' THEN 1 ELSE 0 END) AS scripts
         FROM interaction WHERE day >= ? AND day <= ? AND staff_id IS NOT NULL GROUP BY staff_id`,
          [p.from, p.to],
        );
        slowPath = Math.round(performance.now() - t0);
        await storeReferences(ds, { to: p.to, rebuildMs: Math.round(rebuildMs), slowPathMs: slowPath });
      }
      const corp = `${staff.length} guides, ${size.interactions.toLocaleString('en-US')} interactions, ${size.orders.toLocaleString('en-US')} orders`;
      return [
        {
          metric: `team report, 30 days (${corp})`,
          value: report,
          unit: 'ms',
          floor,
          floorLabel: `the same statement sent raw through ${ctx.kind === 'mysql' ? 'mysql2' : 'the SQLite driver'}`,
        },
        { metric: 'team report vs budget', value: report, unit: 'ms', floor: 50, floorLabel: 'budget' },
        {
          metric: 'the per-guide figures from interactions',
          value: slowPath,
          unit: 'ms',
          floor: report,
          floorLabel: `reference: the GROUP BY the rollup replaces, vs the report${refs ? ' (measured in an earlier run)' : ''}`,
        },
        {
          metric: 'rollup rebuild, 60 days',
          value: Math.round(rebuildMs),
          unit: 'ms',
          floor: null,
          floorLabel: `idempotent set-based recompute${refs ? ' (measured in an earlier run)' : ''}`,
        },
      ];
    } finally {
      await ds.destroy();
    }
  },
};
