import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { z } from 'zod';
import { loadConfig } from '@server/config/index.ts';
import type { AppDeps } from '@server/context.ts';
import { openDatabase } from '@server/db/data-source.ts';
import { configureLogger } from '@server/logger.ts';
import { archiveReasonFor, readCheckpoint, runArchivePull, setArchiveOptions } from '@server/features/archive/index.ts';
import { simulatorArchivePrivateKeys } from '@server/simulator/archive/keys.ts';

const argsSchema = z.object({
  'batch-size': z.coerce.number().int().min(1).max(1000).default(1000),
  'max-batches': z.coerce.number().int().min(1).optional(),
  'simulator-url': z.url().optional(),
});

/**
 * npm run archive:pull [-- --batch-size 1000] [--max-batches N] [--simulator-url http://127.0.0.1:4000]
 *
 * Pulls the session archive from the stored checkpoint until drained, with a
 * progress bar: the official SDK when WECOM_FINANCE_SDK_PATH is set, otherwise
 * the local simulator. Safe beside running servers (the checkpoint lease lets
 * one puller work at a time; a busy lease exits with code 2).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'batch-size': { type: 'string' }, 'max-batches': { type: 'string' }, 'simulator-url': { type: 'string' } },
    strict: true,
  });
  const args = argsSchema.parse(values);
  const config = loadConfig();
  configureLogger(process.env.LOG_LEVEL ?? 'warn');
  const ds = await openDatabase(config.DATABASE_URL);
  const closers: Array<() => Promise<void> | void> = [];
  const deps: AppDeps = { config, ds, onClose: (fn) => closers.push(fn) };
  // Without WECOM_ARCHIVE_PRIVATE_KEYS a simulator source is read with the simulator's demo keys.
  setArchiveOptions(deps, { simulatorUrl: args['simulator-url'], simulatorKeys: simulatorArchivePrivateKeys });
  const bar = new cliProgress.SingleBar(
    {
      format: '会话存档 {bar} {value} messages | seq {seq} | {rate} msg/s | {interactions} interactions',
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  try {
    const reason = archiveReasonFor(deps);
    if (reason) throw new Error(`session archive not configured: ${reason}`);
    const start = await readCheckpoint(ds);
    const started = Date.now();
    let interactions = 0;
    bar.start(args['batch-size'], 0, { seq: start.seq, rate: 0, interactions: 0 });
    const result = await runArchivePull(deps, {
      batchSize: args['batch-size'],
      maxBatches: args['max-batches'],
      onBatch: (p) => {
        interactions += p.interactions;
        // GetChatData does not say how much is left: grow the total while batches come back full.
        bar.setTotal(p.totalFetched + (p.fetched === args['batch-size'] ? args['batch-size'] : 0));
        bar.update(p.totalFetched, {
          seq: p.lastSeq,
          rate: Math.round(p.totalFetched / Math.max(0.001, (Date.now() - started) / 1000)),
          interactions,
        });
      },
    });
    bar.stop();
    if (result === 'unconfigured') throw new Error('session archive not configured');
    if (result.status === 'busy') {
      process.stdout.write('another puller holds the archive lease; try again later\n');
      process.exitCode = 2;
      return;
    }
    process.stdout.write(
      `pulled ${result.fetched} records (${result.inserted} new, ${result.duplicates} repeats) seq ${result.fromSeq} → ${result.toSeq} in ${(result.ms / 1000).toFixed(1)} s; ` +
        `${result.interactions} interactions, ${result.turnsOpened} reply turns opened, ${result.turnsReplied} replied, ${result.flags} flags\n`,
    );
  } finally {
    bar.stop();
    for (const fn of closers.reverse()) await fn();
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
