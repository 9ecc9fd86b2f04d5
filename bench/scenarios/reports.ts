/**
 * 30-day team report read from the staff_daily_stats rollup, next to its floor-to-beat:
 * the same per-guide figures computed by a raw GROUP BY over the interaction table
 * (the slow path the rollup replaces). Also the time to rebuild the rollup for those
 * 30 days. Adds synthetic guides so the report covers at least 500 of them.
 */
import type { DataSource } from 'typeorm';
import { DAY_MS, shanghaiDay } from '@shared/time.ts';
import { teamReport } from '@server/features/reports/reports.service.ts';
import { rebuildRollup } from '@server/features/reports/rollup.ts';
import type { BenchContext, BenchRow, BenchScenario } from '../types.ts';

const GUIDES = 500;
const RUNS = 7;

async function timeIt(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

/** Synthetic rollup rows for extra guides (ids above the demo's) so the report has 500 rows to read. */
async function addSyntheticGuides(ds: DataSource, from: string, to: string): Promise<number[]> {
  const rows: Array<{ id: number }> = await ds.query('SELECT id FROM staff ORDER BY id');
  const real = rows.map((r) => Number(r.id));
  const extra: number[] = [];
  for (let id = 1_000_000; real.length + extra.length < GUIDES; id++) extra.push(id);
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS)
    days.push(new Date(t).toISOString().slice(0, 10));
  await ds.query('DELETE FROM staff_daily_stats WHERE staff_id >= 1000000');
  const values = extra.flatMap((id) => days.map((d, i) => [id, d, (id + i) % 7, (id * 3 + i) % 40, (id + i) % 50, ((id + i) % 9) * 1000]));
  for (let i = 0; i < values.length; i += 2000) {
    const chunk = values.slice(i, i + 2000);
    await ds.query(
      `INSERT INTO staff_daily_stats (staff_id, day, new_customers, messages_sent, chats, gmv) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
      chunk.flat(),
    );
  }
  return [...real, ...extra];
}

export const scenario: BenchScenario = {
  name: 'reports',
  description: '30-day team report for 500 guides from the rollup vs a raw GROUP BY over interactions',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const ds = await ctx.demoDataSource();
    const to = shanghaiDay(ctx.demo.now);
    const from = shanghaiDay(new Date(ctx.demo.now.getTime() - 29 * DAY_MS));
    const [{ n }] = (await ds.query('SELECT COUNT(*) AS n FROM interaction')) as [{ n: number | string }];
    ctx.log(`reports: ${Number(n)} interactions; rebuilding the rollup for ${from}..${to}`);
    const t0 = performance.now();
    await rebuildRollup(ds, from, to, ctx.demo.now);
    const rebuildMs = performance.now() - t0;
    const staffIds = await addSyntheticGuides(ds, from, to);
    const staff = staffIds.map((id) => ({ id, userid: `u${id}`, name: `导购${id}`, department: null }));
    try {
      const fromRollup = await timeIt(RUNS, () => teamReport(ds, staff, from, to));
      const rawGroupBy = await timeIt(3, () =>
        ds.query(
          `SELECT staff_id,
           COUNT(DISTINCT CASE WHEN type IN ('message_in', 'message_out') THEN customer_id END) AS chats,
           SUM(CASE WHEN type = 'message_out' THEN 1 ELSE 0 END) AS sent,
           SUM(CASE WHEN type = 'message_in' THEN 1 ELSE 0 END) AS received,
           SUM(CASE WHEN type = 'tag_added' THEN 1 ELSE 0 END) AS tags,
           SUM(CASE WHEN type = 'script_sent' THEN 1 ELSE 0 END) AS scripts
         FROM interaction WHERE day >= ? AND day <= ? AND staff_id IS NOT NULL GROUP BY staff_id`,
          [from, to],
        ),
      );
      return [
        {
          metric: `team report, ${staff.length} guides × 30 days (rollup)`,
          value: Math.round(fromRollup * 10) / 10,
          unit: 'ms',
          floor: Math.round(rawGroupBy * 10) / 10,
          floorLabel: `raw GROUP BY over ${Number(n)} interactions`,
          better: 'lower',
        },
        {
          metric: 'team report vs budget',
          value: Math.round(fromRollup * 10) / 10,
          unit: 'ms',
          floor: 200,
          floorLabel: 'DESIGN.md budget',
          better: 'lower',
        },
        {
          metric: 'rollup rebuild, 30 days',
          value: Math.round(rebuildMs),
          unit: 'ms',
          floor: null,
          floorLabel: 'idempotent set-based recompute',
          better: 'lower',
        },
      ];
    } finally {
      await ds.query('DELETE FROM staff_daily_stats WHERE staff_id >= 1000000');
    }
  },
};
