/**
 * npm run rfm [-- --chunk 50000]
 *
 * Full RFM recompute over DATABASE_URL (migrating first) with a progress bar, then prints how
 * the tiers were drawn (the stored rfm_run): cut points, means and segment counts.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { RFM_SEGMENT_LABELS, RFM_SEGMENTS } from '@shared/enums.ts';
import { loadConfig } from '@server/config/index.ts';
import { openDatabase } from '@server/db/data-source.ts';
import { runRfmRecompute } from '@server/features/rfm/recompute.ts';
import { rfmProgressBar } from '@server/features/rfm/progress.ts';

const argsSchema = z.object({ chunk: z.coerce.number().int().min(100).max(1_000_000).default(50_000) });

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { chunk: { type: 'string' } }, strict: true });
  const args = argsSchema.parse(values);
  const ds = await openDatabase(loadConfig().DATABASE_URL);
  const progress = rfmProgressBar();
  try {
    const run = await runRfmRecompute(ds, { trigger: 'cli', chunkIds: args.chunk, onProgress: progress.onProgress });
    progress.stop();
    const out = process.stdout;
    out.write(`RFM run #${run.id} (${run.mode}, window ${run.windowDays} days) in ${(run.durationMs / 1000).toFixed(1)} s\n`);
    out.write(`customers ${run.customerCount}, scored ${run.scoredCount}, changed ${run.changedCount}\n`);
    out.write(
      `cut points  R(days) ${run.cutPoints.r.join(' / ')}  F ${run.cutPoints.f.join(' / ')}  M(fen) ${run.cutPoints.m.join(' / ')}\n`,
    );
    out.write(`means       R ${run.means.r.toFixed(3)}  F ${run.means.f.toFixed(3)}  M ${run.means.m.toFixed(3)}\n`);
    for (const s of RFM_SEGMENTS)
      out.write(`  ${RFM_SEGMENT_LABELS[s].padEnd(8, '　')} ${String(run.segmentCounts[s] ?? 0).padStart(9)}  ${s}\n`);
  } finally {
    progress.stop();
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
