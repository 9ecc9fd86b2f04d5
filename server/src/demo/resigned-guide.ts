import type { AppDeps } from '@server/context.ts';
import type { Simulator } from '@server/simulator/index.ts';

/**
 * The demo corp's departed guide: the last demo guide left three days ago, and their customers wait
 * in WeCom's unassigned list for a manager to hand them over (客户转交). Applied after the demo load
 * at every start, because the simulator keeps its state in memory: the member leaves the simulated
 * directory, and our record says 退出企业 (5) as the sync would. Idempotent.
 */
export async function resignDemoGuide(deps: AppDeps, sim: Simulator): Promise<string | undefined> {
  const userid = `guide_${String(sim.demo.guides).padStart(3, '0')}`;
  if (!sim.transfers.resigned.has(userid)) {
    if (!sim.state.users.has(userid)) return undefined;
    sim.transfers.resign(userid, sim.transfers.now() - 3 * 86_400);
  }
  await deps.ds.query('UPDATE staff SET status = 5 WHERE userid = ?', [userid]);
  return userid;
}
