import type { AppDeps } from '@server/context.ts';
import { log } from '@server/logger.ts';
import { demoOptions } from './options.ts';
import { countRows } from './seed/sql.ts';
import { seedDemo, type SeedParts, type SeedResult } from './seed/seed.ts';
import type { DemoOptions } from './types.ts';

/**
 * Loads the demo corp at start when the customer table is empty (the server calls this in simulator
 * mode with DEMO_SEED=auto). `parts` picks the halves: e.g. only { orders, interactions, scripts } after
 * a WeCom sync of the simulator has loaded directory and customers. Returns null when nothing was done.
 * The demo size comes from DEMO_CUSTOMERS unless `options` says otherwise.
 */
export async function ensureDemoData(
  deps: AppDeps,
  { parts, options }: { parts?: Partial<SeedParts>; options?: Partial<DemoOptions> } = {},
): Promise<SeedResult | null> {
  const logger = log('db', { component: 'demo' });
  const wantsCustomers = parts?.customers ?? true;
  const customers = await countRows(deps.ds, 'customer');
  // Seed an empty corp; for the shop half alone, the customers must already be there (synced) and orders absent.
  if (wantsCustomers ? customers > 0 : customers === 0 || (await countRows(deps.ds, 'orders')) > 0) {
    logger.debug({ customers }, 'demo data not loaded: database already has data (or nothing to attach to)');
    return null;
  }
  const o = demoOptions({ customers: deps.config.DEMO_CUSTOMERS, ...options });
  logger.info({ customers: o.customers, seed: o.seed, parts }, 'loading demo data');
  const result = await seedDemo(deps.ds, o, { parts });
  logger.info({ ms: result.ms, rows: result.rows }, 'demo data loaded');
  return result;
}
