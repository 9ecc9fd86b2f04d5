/**
 * npm run import:orders -- <file.csv> [--batch 500] [--report <path>] [--no-rfm]
 *
 * Imports a CSV of order items (columns in docs/orders-rfm.md) into DATABASE_URL: valid orders in
 * batches of one transaction each (a crash leaves no half batch; re-running imports nothing twice);
 * an order with any bad or conflicting line is not written, and all its lines go to
 * <file>.errors.csv (line,reason). Then attaches earlier unmatched orders
 * and runs the full RFM recompute (skip with --no-rfm).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { z } from 'zod';
import { loadConfig } from '@server/config/index.ts';
import { openDatabase } from '@server/db/data-source.ts';
import { importOrdersCsv, invalidReportCsv } from '@server/features/orders/import-csv.ts';
import { runRfmRecompute } from '@server/features/rfm/recompute.ts';
import { rfmProgressBar } from '@server/features/rfm/progress.ts';

const argsSchema = z.object({
  file: z.string({ error: '用法：npm run import:orders -- <file.csv>' }).min(1),
  batch: z.coerce.number().int().min(1).max(5000).default(500),
  report: z.string().optional(),
  'no-rfm': z.boolean().default(false),
});

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { batch: { type: 'string' }, report: { type: 'string' }, 'no-rfm': { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  const args = argsSchema.parse({ ...values, file: positionals[0] });
  const text = readFileSync(args.file, 'utf8');
  const ds = await openDatabase(loadConfig().DATABASE_URL);
  const bar = new cliProgress.SingleBar(
    { format: '导入订单 [{bar}] {value}/{total} 单', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  try {
    const result = await importOrdersCsv(ds, text, {
      batchSize: args.batch,
      onBatch: (done, total) => {
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.update(done);
      },
    });
    if (started) bar.stop();
    const out = process.stdout;
    out.write(
      `rows ${result.rows}, orders ${result.received}: inserted ${result.inserted}, updated ${result.updated}, unchanged ${result.ignored}, unmatched ${result.unmatched}, batches ${result.batches}\n`,
    );
    if (result.invalid.length > 0) {
      const report = args.report ?? `${args.file}.errors.csv`;
      writeFileSync(report, invalidReportCsv(result.invalid));
      out.write(`rejected ${result.rejected} orders (${result.invalid.length} lines), written to ${report}\n`);
    }
    if (!args['no-rfm'] && result.inserted + result.updated > 0) {
      const progress = rfmProgressBar();
      const run = await runRfmRecompute(ds, { trigger: 'import', onProgress: progress.onProgress });
      progress.stop();
      out.write(`RFM recomputed (run #${run.id}, ${run.changedCount} customers changed)\n`);
    }
  } finally {
    if (started) bar.stop();
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
