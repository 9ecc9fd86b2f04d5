/**
 * Builds the BenchContext: scale → demo size, the bench database, and a demo
 * corp seeded once and reused (a marker in the `setting` table says which one
 * is loaded, so a second run or scenario does not seed again).
 */
import type { DataSource } from 'typeorm';
import { openDatabase } from '@server/db/data-source.ts';
import { demoOptions, resetDemoTables, seedDemo, type DemoOptions } from '@server/demo/index.ts';
import type { BenchContext, BenchScale } from '../types.ts';
import { canReplicate, seedByReplication } from './bulk-seed.ts';
import { ensureBufferPool } from './buffer-pool.ts';

export const SCALE_CUSTOMERS: Record<BenchScale, number> = { small: 2_000, medium: 100_000, large: 1_000_000 };
const MARKER = 'bench.demo';

export function demoForScale(scale: BenchScale): DemoOptions {
  return demoOptions({
    customers: SCALE_CUSTOMERS[scale],
    guides: scale === 'large' ? 200 : scale === 'medium' ? 60 : 12,
    groups: scale === 'small' ? 40 : 200,
  });
}

const markerOf = (o: DemoOptions): string =>
  JSON.stringify({ seed: o.seed, customers: o.customers, guides: o.guides, groups: o.groups, opc: o.ordersPerCustomer });

/** Whether the bench database holds exactly the demo corp `o`. */
export async function demoLoaded(ds: DataSource, o: DemoOptions): Promise<boolean> {
  const rows: Array<{ value: string }> = await ds.query(`SELECT value FROM setting WHERE ${ds.driver.escape('key')} = ?`, [MARKER]);
  return rows[0]?.value === JSON.stringify(markerOf(o));
}

/** Records that the demo corp `o` is loaded (or clears the record with null). */
export async function markDemo(ds: DataSource, o: DemoOptions | null): Promise<void> {
  await ds.query(`DELETE FROM setting WHERE ${ds.driver.escape('key')} = ?`, [MARKER]);
  if (o) await ds.query(`INSERT INTO setting (${ds.driver.escape('key')}, value) VALUES (?, ?)`, [MARKER, JSON.stringify(markerOf(o))]);
}

export function createContext(
  scale: BenchScale,
  databaseUrl: string,
  kind: 'mysql' | 'sqlite',
  flags: { seconds?: number; guides?: number } = {},
): BenchContext & { close(): Promise<void> } {
  const demo = demoForScale(scale);
  const log = (m: string): void => {
    process.stderr.write(`[bench] ${m}\n`);
  };
  let shared: DataSource | null = null;
  const shareDs = async (): Promise<DataSource> => (shared ??= await openDatabase(databaseUrl));
  return {
    scale,
    demo,
    databaseUrl,
    kind,
    log,
    ...flags,
    openDataSource: () => openDatabase(databaseUrl),
    async demoDataSource() {
      const ds = await shareDs();
      if (scale !== 'small') await ensureBufferPool(ds, log);
      if (!(await demoLoaded(ds, demo))) {
        log(`seeding the ${scale} demo corp (${demo.customers} customers) into the bench database…`);
        await markDemo(ds, null);
        await resetDemoTables(ds);
        const started = Date.now();
        if (await canReplicate(ds, demo)) {
          const rows = await seedByReplication(ds, demo, log);
          log(
            `rows: ${Object.entries(rows)
              .map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`)
              .join(', ')}`,
          );
        } else await seedDemo(ds, demo);
        await markDemo(ds, demo);
        log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
      return ds;
    },
    async invalidateDemo() {
      await markDemo(await shareDs(), null);
    },
    async close() {
      if (shared?.isInitialized) await shared.destroy();
      shared = null;
    },
  };
}
