import type { AppDeps } from '@server/context.ts';
import { setArchiveOptions } from '@server/features/archive/index.ts';
import { attachSimulatorApp } from '@server/http/simulator-mount.ts';
import { log } from '@server/logger.ts';
import { archiveExtension } from '@server/simulator/archive/extension.ts';
import { simulatorArchivePrivateKeys } from '@server/simulator/archive/keys.ts';
import type { SimArchive } from '@server/simulator/archive/store.ts';
import { createSimulator, type Simulator } from '@server/simulator/index.ts';
import { setWecomClientOptions } from '@server/wecom/client.ts';
import { withoutKeepAlive } from '@server/wecom/http.ts';
import { demoAnchor, readDemoLoadState } from './load/load-state.ts';
import { demoDirectory } from './directory.ts';
import { demoOptions } from './options.ts';
import { runDemoLoad } from './load/run-load.ts';
import { restoreChannelCodes } from './restore-channel-codes.ts';
import { restoreJoinWays } from './restore-join-ways.ts';
import { resignInSimulator } from './resigned-guide.ts';

/** The in-process simulator of demo mode and its session archive. */
export interface DemoSimulator {
  sim: Simulator;
  archive: SimArchive;
  /** The server's own URL, where the simulator answers (its admin API from this machine only). */
  url: string;
}

/**
 * The chat history the simulator's archive holds at start (regenerated identically at every start):
 * 185 days, so a 90-day report has the 90 days before it to compare with; about 2.5 conversations
 * per customer and 30 group messages per group over that time.
 */
export function archiveHistory(customers: number, groups: number) {
  return { initialConversations: Math.round(customers * 2.5), initialGroupMessages: groups * 30, initialDays: 185 };
}

/**
 * Demo mode (no WECOM_CORP_ID): the built-in WeCom simulator answers on the
 * server's own port (/cgi-bin, /connect, /sim), and the server talks to it over
 * HTTP through the same client it would use against qyapi.weixin.qq.com — one
 * connection per request, since the simulator shares this event loop (see withoutKeepAlive).
 * The corp is generated from the database's anchor ("now" of the demo, fixed at the first
 * start), so a load completed after a restart matches what was written before it.
 * Must run before the first WeCom call and before jobs are registered.
 */
export async function attachDemoSimulator(deps: AppDeps, serverUrl: string): Promise<DemoSimulator> {
  const now = await demoAnchor(deps.ds);
  const loaded = (await readDemoLoadState(deps.ds))?.parts;
  let archive: SimArchive | undefined;
  const demo = demoOptions({ customers: deps.config.DEMO_CUSTOMERS });
  const sim = createSimulator({
    corp: { customers: demo.customers, now },
    callbackUrl: `${serverUrl}/wecom/callback`,
    extensions: [
      archiveExtension({ notifyIntervalMs: 15_000, ...archiveHistory(demo.customers, demo.groups), now, onReady: (a) => (archive = a) }),
    ],
  });
  if (!archive) throw new Error('the archive extension did not start');
  // Until the load's archive part has imported the older history, pulls get nothing (see SimArchive.held).
  archive.held = loaded?.archive === undefined;
  // The simulator starts from the generated corp: once the load has recorded the departed guide, WeCom has them as left.
  if (loaded?.departure) resignInSimulator(sim);
  // Nor does it know the channel and group join codes made in earlier runs: they are given back as WeCom would still hold them.
  await restoreChannelCodes(sim, deps.ds);
  await restoreJoinWays(sim, deps.ds);
  // The demo corp's HQ operations director (会员运营总监) is admin unless ADMIN_USERIDS names someone.
  const hqOperations = demoDirectory(sim.demo).staff.find((s) => s.role === 'admin');
  if (deps.config.ADMIN_USERIDS.length === 0 && hqOperations) deps.config.ADMIN_USERIDS = [hqOperations.userid];
  withoutKeepAlive(serverUrl);
  attachSimulatorApp(deps, sim.app);
  setWecomClientOptions(deps, { apiBase: serverUrl });
  setArchiveOptions(deps, { simulatorUrl: serverUrl, simulatorKeys: simulatorArchivePrivateKeys });
  return { sim, archive, url: serverUrl };
}

/**
 * Loads the demo corp the way a real corp is loaded — a full sync of the simulator, the shop's
 * orders and history, RFM tiers, the archive pull and the report rollup — completing whatever
 * parts are not recorded as done (docs/demo-and-bench.md §3). `step` is called at named points
 * (the crash test kills the process there).
 */
export async function loadDemoCorp(
  deps: AppDeps,
  { sim, archive, url }: DemoSimulator,
  { step = () => undefined }: { step?: (point: string) => void } = {},
): Promise<void> {
  if (deps.config.DEMO_SEED === 'off') return;
  const logger = log('app', { component: 'demo' });
  const started = Date.now();
  const simAdmin = async (path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${url}/sim/admin${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`simulator admin ${path} answered ${res.status}`);
    return res.json();
  };
  const ran = await runDemoLoad({ deps, demo: sim.demo, sim, archive, log: logger, step, simAdmin });
  if (ran.length > 0) logger.info({ ms: Date.now() - started, parts: ran }, '演示数据已就绪');
}
