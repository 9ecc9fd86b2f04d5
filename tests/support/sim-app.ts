import { startTestApp, type TestApp } from './test-app.ts';
import { seedDemo } from '@server/demo/seed/seed.ts';
import { startSimulator, type RunningSimulator, type Simulator } from '@server/simulator/simulator.ts';

export interface SimApp {
  sim: Simulator & RunningSimulator;
  app: TestApp;
  stop(): Promise<void>;
}

/**
 * The real WeCom simulator on an ephemeral port with a small demo corp, and the
 * app pointed at it (API and OAuth), with the same corp seeded into the database
 * (directory, customers, groups, scripts; not the demo's own settings, so tests start from none) so DB and simulator agree.
 */
export async function startSimApp(env: Record<string, string> = {}, corp = { customers: 24, guides: 3, groups: 3 }): Promise<SimApp> {
  const sim = await startSimulator({ corp });
  const app = await startTestApp({ WECOM_API_BASE: sim.url, WECOM_OAUTH_BASE: sim.url, ...env });
  await seedDemo(app.deps.ds, sim.demo, {
    parts: { directory: true, customers: true, orders: false, interactions: false, scripts: true, settings: false },
  });
  return {
    sim,
    app,
    stop: async () => {
      await app.stop();
      await sim.close();
    },
  };
}

/** A (guide userid, external_userid, customer id) relation present in both the simulator and the database. */
export async function someRelation(s: SimApp): Promise<{ userid: string; externalUserid: string; customerId: number }> {
  for (const c of s.sim.state.customers.values()) {
    const f = c.follows[0];
    if (!f) continue;
    const rows: Array<{ id: number }> = await s.app.deps.ds.query(
      `SELECT c.id FROM customer c JOIN customer_follow f ON f.customer_id = c.id JOIN staff s ON s.id = f.staff_id
        WHERE c.external_userid = ? AND s.userid = ? AND f.lost_at IS NULL AND s.status = 1`,
      [c.contact.external_userid, f.userid],
    );
    if (rows[0]) return { userid: f.userid, externalUserid: c.contact.external_userid, customerId: Number(rows[0].id) };
  }
  throw new Error('no relation shared by the simulator and the database');
}
