/**
 * npm run bench -- [--only name[,name]] [--scale small|medium|large] [--seconds N] [--guides N]
 *
 * Runs every scenario in bench/scenarios/*.ts (or the named ones) against the
 * bench database and prints one table: each figure next to its floor and the ratio.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { configureLogger } from '@server/logger.ts';
import { createContext } from './lib/context.ts';
import { benchDatabaseUrl } from './lib/database.ts';
import { loadScenarios } from './lib/scenarios.ts';
import { renderTable, type ResultLine } from './lib/table.ts';
import type { BenchRow } from './types.ts';

const argsSchema = z.object({
  only: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
    ),
  scale: z.enum(['small', 'medium', 'large']).default('small'),
  seconds: z.coerce.number().int().positive().optional(),
  guides: z.coerce.number().int().positive().optional(),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { only: { type: 'string' }, scale: { type: 'string' }, seconds: { type: 'string' }, guides: { type: 'string' } },
    strict: true,
  });
  const args = argsSchema.parse(values);
  configureLogger(process.env.LOG_LEVEL ?? 'warn');
  const scenarios = await loadScenarios((file, why) => process.stderr.write(`[bench] skipping ${file}: ${why}\n`));
  const unknown = args.only.filter((n) => !scenarios.some((s) => s.name === n));
  if (unknown.length > 0) throw new Error(`unknown scenario(s): ${unknown.join(', ')}; known: ${scenarios.map((s) => s.name).join(', ')}`);
  const selected = args.only.length > 0 ? scenarios.filter((s) => args.only.includes(s.name)) : scenarios;

  const db = await benchDatabaseUrl((m) => process.stderr.write(`[bench] ${m}\n`));
  const ctx = createContext(args.scale, db.url, db.kind, {
    ...(args.seconds !== undefined ? { seconds: args.seconds } : {}),
    ...(args.guides !== undefined ? { guides: args.guides } : {}),
  });
  const lines: ResultLine[] = [];
  const failures: string[] = [];
  try {
    for (const s of selected) {
      ctx.log(`${s.name}: ${s.description}`);
      const started = Date.now();
      try {
        const rows: BenchRow[] = await s.run(ctx);
        for (const r of rows) lines.push({ scenario: s.name, ...r });
        ctx.log(`${s.name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      } catch (err) {
        failures.push(s.name);
        ctx.log(`${s.name} FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
    }
  } finally {
    await ctx.close();
  }
  process.stdout.write(
    `\nbench — scale ${args.scale}, database ${db.kind}${db.kind === 'mysql' ? ` (${new URL(db.url).pathname.slice(1)})` : ''}, demo ${ctx.demo.customers} customers\n\n`,
  );
  process.stdout.write(`${renderTable(lines)}\n`);
  if (failures.length > 0) {
    process.stdout.write(`\nfailed: ${failures.join(', ')}\n`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
