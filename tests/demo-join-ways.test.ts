import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelReport, JoinWayList } from '@shared/api/channels.ts';
import { shanghaiDay } from '@shared/time.ts';
import { seedDemoJoinWays } from '@server/demo/load/demo-join-ways.ts';
import { restoreJoinWays } from '@server/demo/restore-join-ways.ts';
import { runFullSync } from '@server/features/sync/index.ts';
import { createSimulator } from '@server/simulator/index.ts';
import { sessionHeaders } from './support/auth.ts';
import { startSimApp, type SimApp } from './support/sim-app.ts';

/**
 * The demo load's 群活码 part: two join codes made in the simulator through the product's own
 * service, customers joining through them, and the joins credited to the codes — what a manager
 * then sees on 渠道活码 and under 入群 on 渠道报表. Run twice, it ends as a single run does.
 */
describe('the demo load makes group join codes with joins', () => {
  let s: SimApp;
  let admin: Record<string, string>;
  const simAdmin = async (path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${s.sim.url}/sim/admin${path}`, { method: 'POST', body: JSON.stringify(body ?? {}) });
    if (!res.ok) throw new Error(`simulator admin ${path} answered ${res.status}`);
    return res.json();
  };
  const get = async <T>(path: string): Promise<T> => {
    const res = await s.app.request(path, { headers: admin });
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    s = await startSimApp({}, { customers: 200, guides: 4, groups: 8 });
    await runFullSync(s.app.deps);
    const rows: Array<{ userid: string }> = await s.app.deps.ds.query("SELECT userid FROM staff WHERE role = 'admin' ORDER BY id");
    admin = await sessionHeaders(s.app, rows[0]!.userid);
  });
  afterAll(async () => s?.stop());

  it('creates two codes held by the simulator under our state, and credits 5 + 3 joins to them', async () => {
    const steps: string[] = [];
    const ctx = { deps: s.app.deps, sim: s.sim, step: (p: string) => steps.push(p), simAdmin };
    expect(await seedDemoJoinWays(ctx)).toEqual({ joinWays: 2, joins: 8 });
    // A repeated run (the part after a kill) removes what the first made and ends the same.
    expect(await seedDemoJoinWays(ctx)).toEqual({ joinWays: 2, joins: 8 });
    expect(steps).toEqual(['joinways:code', 'joinways:code', 'joinways:code', 'joinways:code']);

    const list = await get<JoinWayList>('/api/channels/join-ways');
    expect(list.items.map((w) => [w.name, w.chatIds.length, w.joinsTotal, w.welcomeText !== null])).toEqual([
      ['门店会员群·扫码入群', 1, 3, false],
      ['直播间福利群', 2, 5, true],
    ]);
    const ways: Array<{ config_id: string; state_key: string }> = await s.app.deps.ds.query(
      'SELECT config_id, state_key FROM group_join_way ORDER BY id',
    );
    expect(ways).toHaveLength(2);
    for (const w of ways) expect(s.sim.state.acquisition.joinWays.get(w.config_id)?.state).toBe(w.state_key);
    // The first run's codes are gone from WeCom too.
    expect(s.sim.state.acquisition.joinWays.size).toBe(2);

    const today = shanghaiDay(new Date());
    const report = await get<ChannelReport>(`/api/channels/report?from=${today}&to=${today}`);
    expect(report.totals.groupJoins).toBe(8);
    expect(report.rows.filter((r) => r.groupJoins > 0).map((r) => [r.label, r.groupJoins])).toEqual(
      expect.arrayContaining([
        ['直播间福利群', 5],
        ['门店会员群·扫码入群', 3],
      ]),
    );
  });

  it('gives the codes back to a simulator started afresh, as the demo does at each start', async () => {
    const fresh = createSimulator({ corp: { customers: 200, guides: 4, groups: 8 } });
    expect(fresh.state.acquisition.joinWays.size).toBe(0);
    expect(await restoreJoinWays(fresh, s.app.deps.ds)).toBe(2);
    expect([...fresh.state.acquisition.joinWays.values()].map((w) => w.chat_id_list.length).sort()).toEqual([1, 2]);
  });
});
