import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { openDatabase } from '@server/db/data-source.ts';
import { bulkInsert, dbTime, select } from '@server/db/sql.ts';
import { daysBetween, rebuildRollup } from '@server/features/reports/rollup.ts';
import { BUYER_WINDOWS } from '@server/features/reports/rollup-metrics.ts';
import { DAY_MS, shanghaiDayStart } from '@shared/time.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

/**
 * The rollup's distinct-buyer windows against the plain definition: for every day and window, the
 * number of distinct customers with a paid order from the guide in the N days ending that day.
 * Orders are scattered over 200 days with bursts (several orders a day, the same customer on nearby
 * days), refunds, unattributed orders and orders near Shanghai midnight.
 */
describe('rollup buyer windows', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const from = '2026-08-01';
  const to = '2026-11-09';

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.url);
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return Math.floor(seed / 65_536) % n; // the high bits: an LCG's low bits repeat with a short period
    };
    const start = Date.parse('2026-04-20T00:00:00Z');
    const rows = Array.from({ length: 900 }, (_, i) => {
      const customer = 1 + rand(40);
      const at = new Date(start + rand(200) * DAY_MS + (rand(2) === 0 ? 15 * 3_600_000 + 59 * 60_000 : rand(86_400) * 1000));
      const status = rand(12) === 0 ? 'refunded' : rand(10) === 0 ? 'cancelled' : 'paid';
      const staff = rand(8) === 0 ? null : 1 + (customer % 3) + (rand(6) === 0 ? 1 : 0);
      return ['shop', `o${i}`, status, 1000, 1000, status === 'refunded' ? 1000 : 0, dbTime(at), dbTime(at), customer, staff];
    });
    const cols = ['source', 'order_no', 'status', 'total_amount', 'paid_amount', 'refunded_amount', 'paid_at', 'source_updated_at'];
    await bulkInsert(ds, 'orders', [...cols, 'customer_id', 'staff_id'], rows);
    await rebuildRollup(ds, from, to, new Date('2026-11-10T00:00:00Z'));
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('equals a distinct count over the orders for every guide, day and window', async () => {
    const stored = await select<Record<string, number | string>>(
      ds,
      `SELECT staff_id, day, ${BUYER_WINDOWS.map((w) => w.column).join(', ')} FROM staff_daily_stats`,
    );
    const got = new Map(stored.map((r) => [`${Number(r.staff_id)}|${String(r.day)}`, r]));
    let nonZero = 0;
    for (const day of daysBetween(from, to)) {
      for (const w of BUYER_WINDOWS) {
        const expected = await select<{ staff_id: number; n: number | string }>(
          ds,
          `SELECT staff_id, COUNT(DISTINCT customer_id) AS n FROM orders
           WHERE staff_id IS NOT NULL AND status IN ('paid', 'partially_refunded') AND paid_at >= ? AND paid_at < ?
           GROUP BY staff_id`,
          [dbTime(shanghaiDayStart(shift(day, 1 - w.days))), end(day)],
        );
        for (const staffId of [1, 2, 3, 4]) {
          const want = Number(expected.find((e) => Number(e.staff_id) === staffId)?.n ?? 0);
          const have = Number(got.get(`${staffId}|${day}`)?.[w.column] ?? 0);
          if (want > 0) nonZero++;
          expect([staffId, day, w.days, have]).toEqual([staffId, day, w.days, want]);
        }
      }
    }
    expect(nonZero).toBeGreaterThan(1000);
  });
});

const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const end = (day: string) => dbTime(new Date(shanghaiDayStart(day).getTime() + DAY_MS));
