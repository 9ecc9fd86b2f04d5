import cliProgress from 'cli-progress';
import { z } from 'zod';
import { loadConfig } from '@server/config/index.ts';
import type { AppDeps } from '@server/context.ts';
import { openDatabase } from '@server/db/data-source.ts';
import { configureLogger } from '@server/logger.ts';
import { startSimulator } from '@server/simulator/index.ts';
import { SyncBusyError, runFullSync, type SyncProgress } from '@server/features/sync/full-sync.ts';
import { setWecomClientOptions } from '@server/wecom/client.ts';

/**
 * npm run sync — one full sync of the configured corp into DATABASE_URL, with
 * a progress bar and a summary table. Resumes an interrupted run from its
 * checkpoint. Without a real corp (WECOM_CORP_ID empty) and without
 * WECOM_API_BASE pointing somewhere else, it syncs the demo corp from an
 * in-process simulator (DEMO_CUSTOMERS customers).
 *
 *   npm run sync -- --sim-latency=30   simulated WeCom latency per call (ms)
 */
const argsSchema = z.object({ simLatency: z.coerce.number().int().min(0).max(10_000).default(0) });

function parseArgs(argv: string[]): z.infer<typeof argsSchema> {
  const raw: Record<string, string> = {};
  for (const a of argv) {
    const m = /^--sim-latency=(\d+)$/.exec(a);
    if (m) raw.simLatency = m[1]!;
    else throw new Error(`unknown argument ${a} (supported: --sim-latency=MS)`);
  }
  return argsSchema.parse(raw);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  configureLogger(process.env.LOG_LEVEL ?? 'warn');
  const ds = await openDatabase(config.DATABASE_URL);
  const closers: Array<() => Promise<void> | void> = [];
  const deps: AppDeps = { config, ds, onClose: (fn) => closers.push(fn) };
  const useSim = config.wecomMode === 'simulator' && config.WECOM_API_BASE === 'https://qyapi.weixin.qq.com';
  let stopSim: (() => Promise<void>) | undefined;
  if (useSim) {
    process.stdout.write(
      `no WeCom corp configured: syncing the demo corp (${config.DEMO_CUSTOMERS} customers) from an in-process simulator\n`,
    );
    const sim = await startSimulator({ corp: { customers: config.DEMO_CUSTOMERS }, switches: { latencyMs: args.simLatency } });
    setWecomClientOptions(deps, { apiBase: sim.url });
    stopSim = () => sim.close();
  }

  const bar = new cliProgress.SingleBar(
    {
      format: '{stage} |{bar}| {value}{ofTotal}  api calls: {calls}  {elapsed}s',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const t0 = Date.now();
  let started = false;
  const onProgress = (p: SyncProgress) => {
    const total = p.total > 0 ? p.total : Math.max(p.done, 1);
    const payload = {
      stage: p.stage.padEnd(12),
      ofTotal: p.total > 0 ? `/${p.total}` : '',
      calls: p.counts.apiCalls ?? 0,
      elapsed: ((Date.now() - t0) / 1000).toFixed(1),
    };
    if (!started) {
      bar.start(total, p.done, payload);
      started = true;
    } else {
      bar.setTotal(total);
      bar.update(p.done, payload);
    }
  };
  try {
    const result = await runFullSync(deps, { onProgress });
    if (started) bar.stop();
    const c = result.counts;
    const rows: Array<[string, number | string]> = [
      ['run', result.runId + (result.resumed ? ' (resumed)' : '')],
      ['departments', c.departments ?? 0],
      ['staff', c.staffTotal ?? 0],
      ['follow users', c.followUsers ?? 0],
      ['customers', c.customersTotal ?? 0],
      ['relations (active)', c.followsActive ?? 0],
      ['relations new / changed / restored', `${c.followsCreated ?? 0} / ${c.followsChanged ?? 0} / ${c.followsRestored ?? 0}`],
      ['relations marked lost', c.followsLost ?? 0],
      ['tag groups / tags', `${c.tagGroups ?? 0} / ${c.tags ?? 0}`],
      ['groups (active) / members', `${c.groupsActive ?? 0} / ${c.groupMembersActive ?? 0}`],
      ['behaviour stat days', c.behaviorDays ?? 0],
      ['rows written', c.written ?? 0],
      ['interactions added', c.interactionsAdded ?? 0],
      ['API calls', c.apiCalls ?? 0],
      ['time', `${(result.ms / 1000).toFixed(1)} s`],
    ];
    const w = Math.max(...rows.map(([k]) => k.length));
    process.stdout.write(`\n${rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n')}\n`);
  } finally {
    if (started) bar.stop();
    for (const fn of closers.reverse()) await fn();
    await stopSim?.();
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  if (err instanceof SyncBusyError) {
    const lapse = err.leaseExpiresAt ? Math.max(1, Math.ceil((err.leaseExpiresAt.getTime() - Date.now()) / 1000)) : undefined;
    process.stderr.write(
      `\n${err.message} on another instance (its heartbeat is live); if that instance died, its lease lapses ${lapse === undefined ? 'within JOB_LEASE_SECONDS' : `in ${lapse} s`} and npm run sync then takes the run over from its checkpoint\n`,
    );
    process.exit(1);
  }
  process.stderr.write(
    `\nsync failed: ${err instanceof Error ? err.message : String(err)}\n(the run is resumable: run npm run sync again)\n`,
  );
  process.exit(1);
});
