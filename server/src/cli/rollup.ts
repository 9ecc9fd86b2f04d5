import { SingleBar, Presets } from 'cli-progress';
import { z } from 'zod';
import { strictTime } from '@shared/api/dates.ts';
import { shanghaiDay, DAY_MS } from '@shared/time.ts';
import { loadConfig } from '@server/config/index.ts';
import { openDatabase } from '@server/db/data-source.ts';
import { daysBetween, rebuildRollup } from '@server/features/reports/rollup.ts';

const argsSchema = z
  .object({
    from: strictTime('--from', 'day'),
    to: strictTime('--to', 'day'),
  })
  .refine((a) => a.from <= a.to, '--from must not be after --to');

/** npm run rollup -- --from 2026-10-01 --to 2026-11-23 : rebuilds staff_daily_stats (idempotent), a week at a time. */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const flag = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const today = shanghaiDay(new Date());
  const args = argsSchema.parse({ from: flag('from') ?? shanghaiDay(new Date(Date.now() - 30 * DAY_MS)), to: flag('to') ?? today });
  const ds = await openDatabase(loadConfig().DATABASE_URL);
  const days = daysBetween(args.from, args.to);
  const bar = new SingleBar({ format: '汇总 {bar} {value}/{total} 天 | {rows} 行' }, Presets.shades_classic);
  bar.start(days.length, 0, { rows: 0 });
  let rows = 0;
  const started = performance.now();
  try {
    for (let i = 0; i < days.length; i += 7) {
      const chunk = days.slice(i, i + 7);
      rows += (await rebuildRollup(ds, chunk[0] as string, chunk.at(-1) as string)).rows;
      bar.update(i + chunk.length, { rows });
    }
  } finally {
    bar.stop();
    await ds.destroy();
  }
  process.stdout.write(`rebuilt ${days.length} days, ${rows} rows in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
