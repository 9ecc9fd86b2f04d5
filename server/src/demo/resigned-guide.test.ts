import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wecomClientFor } from '@server/wecom/client.ts';
import { startSimApp, type SimApp } from '../../../tests/support/sim-app.ts';
import { resignDemoGuide } from './resigned-guide.ts';

describe('the demo corp has a departed guide whose customers wait for a takeover', () => {
  let s: SimApp;
  beforeAll(async () => {
    s = await startSimApp();
  });
  afterAll(async () => s?.stop());

  it('resigns the last guide in the simulator and in our records, idempotently', async () => {
    const userid = await resignDemoGuide(s.app.deps, s.sim);
    expect(userid).toBe('guide_003');
    expect(await resignDemoGuide(s.app.deps, s.sim)).toBe('guide_003');
    const rows: Array<{ status: number }> = await s.app.deps.ds.query('SELECT status FROM staff WHERE userid = ?', [userid]);
    expect(Number(rows[0]?.status)).toBe(5);
    const waiting = (await wecomClientFor(s.app.deps).unassignedCustomers()).filter((i) => i.handover_userid === userid);
    expect(waiting.length).toBe(s.sim.state.customersByUser.get('guide_003')?.length);
    expect(waiting.length).toBeGreaterThan(0);
  });
});
