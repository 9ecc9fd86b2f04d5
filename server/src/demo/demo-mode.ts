import { shanghaiDay, DAY_MS } from '@shared/time.ts';
import { ARCHIVE_PULL_JOB, enqueueArchivePull, setArchiveOptions } from '@server/features/archive/index.ts';
import { jobRunnerFor } from '@server/jobs/index.ts';
import type { AppDeps } from '@server/context.ts';
import { selectOne } from '@server/db/sql.ts';
import { ensureDemoData } from './index.ts';
import { attachSimulatorApp } from '@server/http/simulator-mount.ts';
import { log } from '@server/logger.ts';
import { rebuildRollup } from '@server/features/reports/rollup.ts';
import { runRfmRecompute } from '@server/features/rfm/index.ts';
import { archiveExtension } from '@server/simulator/archive/extension.ts';
import { simulatorArchivePrivateKeys } from '@server/simulator/archive/keys.ts';
import { createSimulator, type Simulator } from '@server/simulator/index.ts';
import { runFullSync } from '@server/features/sync/index.ts';
import { setWecomClientOptions } from '@server/wecom/client.ts';
import { httpFor } from '@server/wecom/http.ts';

/**
 * Demo mode (no WECOM_CORP_ID): the built-in WeCom simulator answers on the
 * server's own port (/cgi-bin, /connect, /sim), and the server talks to it over
 * HTTP through the same client it would use against qyapi.weixin.qq.com.
 * Must run before the first WeCom call and before jobs are registered.
 */
export function attachDemoSimulator(deps: AppDeps, serverUrl: string): Simulator {
  const sim = createSimulator({
    // The demo corp is anchored to today so "added in the last 24 h" and "silent for 90 days" mean something.
    corp: { customers: deps.config.DEMO_CUSTOMERS, now: demoNow() },
    callbackUrl: `${serverUrl}/wecom/callback`,
    extensions: [archiveExtension({ notifyIntervalMs: 15_000 })],
  });
  attachSimulatorApp(deps, sim.app);
  setWecomClientOptions(deps, { apiBase: serverUrl });
  setArchiveOptions(deps, { simulatorUrl: serverUrl, simulatorKeys: simulatorArchivePrivateKeys });
  return sim;
}

/** "Now" of the demo data, at whole hours so the two halves (WeCom and shop) line up. */
function demoNow(): Date {
  return new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
}

/**
 * Loads the demo corp into an empty database the way a real corp is loaded:
 * a full sync of the simulator (WeCom half), then the shop's orders and the
 * history (shop half), RFM tiers, the report rollup, and finally a stream of
 * archived chats that the simulator announces with msgaudit_notify.
 */
export async function loadDemoCorp(deps: AppDeps, sim: Simulator, serverUrl: string): Promise<void> {
  const logger = log('app', { component: 'demo' });
  const count = await selectOne<{ n: number | string }>(deps.ds, 'SELECT COUNT(*) AS n FROM customer');
  if (deps.config.DEMO_SEED === 'off' || Number(count?.n) > 0) return;
  const started = Date.now();
  logger.info({ customers: deps.config.DEMO_CUSTOMERS }, '演示数据：从模拟企业微信全量同步…');
  const sync = await runFullSync(deps, {
    onProgress: (p) => logger.debug({ stage: p.stage, done: p.done, total: p.total }, 'sync progress'),
  });
  logger.info({ counts: sync.counts, ms: sync.ms }, '演示数据：同步完成，导入订单与历史…');
  await ensureDemoData(deps, {
    parts: { directory: false, customers: false, orders: true, interactions: true, scripts: true },
    options: { ...sim.demo },
  });
  await runRfmRecompute(deps.ds, { trigger: 'cli' });
  // Recent chats for the archive: the simulator announces them with msgaudit_notify and the puller takes them in.
  await httpFor(serverUrl).post(
    `${serverUrl}/sim/admin/archive/generate`,
    JSON.stringify({ conversations: 600, groupMessages: 200, days: 4 }),
    {
      headers: { 'content-type': 'application/json' },
      // Generating the chats may take longer than the default timeout.
      timeout: 0,
    },
  );
  await enqueueArchivePull(deps, 'demo');
  await jobRunnerFor(deps).whenIdle(ARCHIVE_PULL_JOB, 120_000);
  // The report rollup last, so reply times from the archive are in it.
  await rebuildRollup(deps.ds, shanghaiDay(new Date(Date.now() - 89 * DAY_MS)), shanghaiDay(new Date()));
  logger.info({ ms: Date.now() - started }, '演示数据已就绪');
}
