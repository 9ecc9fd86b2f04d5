import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFullSync } from '@server/features/sync/index.ts';
import { wecomClientFor } from '@server/wecom/client.ts';
import { startSimApp, type SimApp } from '../../../tests/support/sim-app.ts';
import { departDemoGuide, resignInSimulator } from './resigned-guide.ts';

describe('the demo corp has a departed guide whose customers wait for a takeover', () => {
  let s: SimApp;
  beforeAll(async () => {
    s = await startSimApp();
  });
  afterAll(async () => s?.stop());

  const statusOf = async (userid: string) =>
    Number(((await s.app.deps.ds.query('SELECT status FROM staff WHERE userid = ?', [userid])) as Array<{ status: number }>)[0]?.status);

  it('resigns the last guide in the simulator and in our records, idempotently', async () => {
    expect(await statusOf('guide_003')).toBe(1);
    const userid = await departDemoGuide(s.app.deps, s.sim);
    expect(userid).toBe('guide_003');
    expect(await departDemoGuide(s.app.deps, s.sim)).toBe('guide_003');
    expect(resignInSimulator(s.sim)).toBe('guide_003');
    expect(await statusOf('guide_003')).toBe(5);
    const waiting = (await wecomClientFor(s.app.deps).unassignedCustomers()).filter((i) => i.handover_userid === userid);
    expect(waiting.length).toBe(s.sim.state.customersByUser.get('guide_003')?.length);
    expect(waiting.length).toBeGreaterThan(0);
  });

  it('stays 退出企业 through the next full sync, which no longer finds the guide in the directory', async () => {
    await runFullSync(s.app.deps);
    expect(await statusOf('guide_003')).toBe(5);
    expect(await statusOf('guide_002')).toBe(1);
  });
});
