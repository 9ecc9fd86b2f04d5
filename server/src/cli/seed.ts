/**
 * npm run seed -- [--customers N] [--seed S] [--guides G] [--groups K] [--orders-per-customer X] [--reset]
 *
 * Loads the deterministic demo corp into DATABASE_URL (migrating first): directory, customers, follows,
 * tags, groups, two years of orders, interactions and the script library. Refuses a non-empty
 * database unless --reset (which empties the demo tables first).
 */
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { z } from 'zod';
import { loadConfig } from '@server/config/index.ts';
import { openDatabase } from '@server/db/data-source.ts';
import { demoOptions } from '@server/demo/index.ts';
import { resetDemoTables, seedDemo, SeedRefusedError } from '@server/demo/seed/seed.ts';

const argsSchema = z.object({
  customers: z.coerce.number().int().min(0).max(10_000_000).optional(),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional(),
  guides: z.coerce.number().int().min(1).max(10_000).optional(),
  groups: z.coerce.number().int().min(0).max(100_000).optional(),
  'orders-per-customer': z.coerce.number().min(0).max(1000).optional(),
  reset: z.boolean().default(false),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string' },
      seed: { type: 'string' },
      guides: { type: 'string' },
      groups: { type: 'string' },
      'orders-per-customer': { type: 'string' },
      reset: { type: 'boolean' },
    },
    strict: true,
  });
  const args = argsSchema.parse(values);
  const config = loadConfig();
  const o = demoOptions({
    customers: args.customers,
    seed: args.seed,
    guides: args.guides,
    groups: args.groups,
    ordersPerCustomer: args['orders-per-customer'],
  });
  const ds = await openDatabase(config.DATABASE_URL);
  try {
    if (args.reset) {
      await resetDemoTables(ds);
      process.stdout.write('demo tables emptied\n');
    }
    const bar = new cliProgress.SingleBar(
      {
        format: '{stage} |{bar}| {percentage}% {value}/{total} customers | {rows} rows | {rate} rows/s | ETA {eta_formatted}',
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    const started = Date.now();
    bar.start(o.customers, 0, { stage: 'directory', rows: 0, rate: 0 });
    const result = await seedDemo(ds, o, {
      onProgress: (p) => {
        const secs = Math.max(0.001, (Date.now() - started) / 1000);
        const payload = { stage: p.stage.padEnd(9), rows: p.rows, rate: Math.round(p.rows / secs) };
        if (p.stage === 'customers') bar.update(p.done, payload);
        else bar.update(payload);
      },
    });
    bar.stop();
    const totalRows = Object.values(result.rows).reduce((s, n) => s + n, 0);
    process.stdout.write(
      `seeded ${o.customers} customers (seed ${o.seed}) in ${(result.ms / 1000).toFixed(1)} s — ${totalRows} rows, ${Math.round(totalRows / (result.ms / 1000))} rows/s\n`,
    );
    for (const [table, n] of Object.entries(result.rows)) process.stdout.write(`  ${table.padEnd(18)} ${n}\n`);
    process.stdout.write(
      `timings (ms): ${Object.entries(result.timings)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}\n`,
    );
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  if (err instanceof SeedRefusedError) {
    process.stderr.write(`${err.message}\n(refused: ${err.tables.join(', ')} not empty)\n`);
    process.exit(2);
  }
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
