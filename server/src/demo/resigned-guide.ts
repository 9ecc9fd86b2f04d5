import type { AppDeps } from '@server/context.ts';
import { markStaffLeft } from '@server/features/sync/staff-left.ts';
import type { Simulator } from '@server/simulator/index.ts';
import type { DemoOptions } from './types.ts';

/**
 * The demo corp's departed guide: the last demo guide left three days before the demo's "now", and
 * their customers wait in WeCom's unassigned list for a manager to hand them over (客户转交).
 */
export function resignedGuideOf(demo: DemoOptions): string {
  return `guide_${String(demo.guides).padStart(3, '0')}`;
}

/**
 * The departure as WeCom holds it: the member is out of the simulator's directory and their
 * customers are unassigned. The simulator keeps its state in memory, so demo mode applies this at
 * every start once the load has recorded the departure (before that, the first sync must still see
 * the guide at work). Idempotent; undefined when the corp has no such guide.
 */
export function resignInSimulator(sim: Simulator): string | undefined {
  const userid = resignedGuideOf(sim.demo);
  if (sim.transfers.resigned.has(userid)) return userid;
  if (!sim.state.users.has(userid)) return undefined;
  sim.transfers.resign(userid, Math.floor(sim.demo.now.getTime() / 1000) - 3 * 86_400);
  return userid;
}

/** The demo load's departure: the guide leaves in the simulator, and our record says 退出企业 as the sync writes it. */
export async function departDemoGuide(deps: AppDeps, sim: Simulator): Promise<string | undefined> {
  const userid = resignInSimulator(sim);
  if (userid) await markStaffLeft(deps.ds, [userid]);
  return userid;
}
