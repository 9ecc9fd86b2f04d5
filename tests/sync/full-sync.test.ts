import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFullSync } from '@server/features/sync/full-sync.ts';
import type { TestApp } from '../support/test-app.ts';
import { count, diffDumps, dumpTables, expectedCorp, startAppFor, startSmallSim, type Sim } from './support.ts';

describe('full sync against the simulator', () => {
  let sim: Sim;
  let app: TestApp;
  beforeAll(async () => {
    sim = await startSmallSim();
    app = await startAppFor(sim);
  });
  afterAll(async () => {
    await app?.stop();
    await sim?.close();
  });

  it('reproduces the generator corp: staff, customers, relations, tags, groups and members', async () => {
    const result = await runFullSync(app.deps);
    const want = expectedCorp(sim);
    const ds = app.deps.ds;
    expect(await count(ds, 'SELECT COUNT(*) FROM department')).toBe(want.departments);
    expect(await count(ds, 'SELECT COUNT(*) FROM staff')).toBe(want.staff);
    expect(await count(ds, 'SELECT COUNT(*) FROM staff WHERE is_follow_user = ?', [1])).toBe(want.followUsers);
    expect(await count(ds, 'SELECT COUNT(*) FROM customer')).toBe(want.customers);
    expect(await count(ds, 'SELECT COUNT(*) FROM customer_follow WHERE lost_at IS NULL')).toBe(want.follows);
    expect(await count(ds, 'SELECT COUNT(*) FROM tag_group')).toBe(want.tagGroups);
    expect(await count(ds, 'SELECT COUNT(*) FROM tag')).toBe(want.tags);
    expect(await count(ds, 'SELECT COUNT(*) FROM group_chat')).toBe(want.groups);
    expect(await count(ds, 'SELECT COUNT(*) FROM group_member')).toBe(want.members);
    expect(await count(ds, "SELECT COUNT(*) FROM interaction WHERE type = 'friend_added'")).toBe(want.follows);
    expect(await count(ds, "SELECT COUNT(*) FROM interaction WHERE type = 'group_join'")).toBe(want.members);
    expect(await count(ds, 'SELECT COUNT(*) FROM wecom_behavior_stat')).toBe(want.followUsers * 30);
    expect(result.counts.customersTotal).toBe(want.customers);
    expect(result.counts.apiCalls).toBeGreaterThan(0);

    // Spot checks: one customer with all its relations and tags, one group with its members.
    const [sample] = [...sim.state.customers.values()].filter((c) => c.follows.length > 1 && c.follows.some((f) => f.tagIds.length > 0));
    expect(sample).toBeDefined();
    const rows: Array<{ name: string; first_added_at: unknown }> = await ds.query(
      'SELECT name, first_added_at FROM customer WHERE external_userid = ?',
      [sample!.contact.external_userid],
    );
    expect(rows[0]?.name).toBe(sample!.contact.name);
    expect(
      new Date(
        `${String(rows[0]?.first_added_at instanceof Date ? rows[0].first_added_at.toISOString() : String(rows[0]?.first_added_at).replace(' ', 'T') + 'Z')}`,
      ).getTime() / 1000,
    ).toBe(Math.min(...sample!.follows.map((f) => f.createtime)));
    for (const f of sample!.follows) {
      const fr: Array<{ id: number; remark: string | null; add_way: number }> = await ds.query(
        'SELECT f.id, f.remark, f.add_way FROM customer_follow f JOIN customer c ON c.id = f.customer_id JOIN staff s ON s.id = f.staff_id WHERE c.external_userid = ? AND s.userid = ?',
        [sample!.contact.external_userid, f.userid],
      );
      expect(fr[0]?.remark ?? '').toBe(f.remark);
      expect(fr[0]?.add_way).toBe(f.add_way);
      const tags: Array<{ tag_id: string }> = await ds.query('SELECT tag_id FROM customer_tag WHERE follow_id = ? ORDER BY tag_id', [
        fr[0]!.id,
      ]);
      expect(tags.map((t) => t.tag_id)).toEqual([...f.tagIds].sort());
    }
    const chat = [...sim.state.groupChats.values()][0]!;
    const g: Array<{ name: string; member_count: number; owner_userid: string }> = await ds.query(
      'SELECT name, member_count, owner_userid FROM group_chat WHERE chat_id = ?',
      [chat.chat_id],
    );
    expect(g[0]).toMatchObject({ name: chat.name, member_count: chat.member_list.length, owner_userid: chat.owner });
  });

  it('a second sync changes no row and adds no interaction', async () => {
    const before = await dumpTables(app.deps.ds, { keepUpdatedAt: true });
    const second = await runFullSync(app.deps);
    expect(second.counts.followsCreated ?? 0).toBe(0);
    expect(second.counts.interactionsAdded ?? 0).toBe(0);
    expect(diffDumps(before, await dumpTables(app.deps.ds, { keepUpdatedAt: true }))).toEqual([]);
  });

  it('marks a relation that disappeared as lost (unseen_in_sync) and restores it when it reappears', async () => {
    const [customer] = [...sim.state.customers.values()].filter((c) => c.follows.length > 0);
    const follow = customer!.follows[0]!;
    const ext = customer!.contact.external_userid;
    sim.state.removeFollow(follow.userid, ext);
    await runFullSync(app.deps);
    const sql =
      'SELECT f.id, f.lost_at, f.lost_reason FROM customer_follow f JOIN customer c ON c.id = f.customer_id JOIN staff s ON s.id = f.staff_id WHERE c.external_userid = ? AND s.userid = ?';
    const lost: Array<{ id: number; lost_at: unknown; lost_reason: string | null }> = await app.deps.ds.query(sql, [ext, follow.userid]);
    expect(lost[0]?.lost_reason).toBe('unseen_in_sync');
    expect(lost[0]?.lost_at).not.toBeNull();
    expect(await count(app.deps.ds, "SELECT COUNT(*) FROM interaction WHERE type = 'friend_lost' AND staff_id IS NOT NULL")).toBe(1);

    sim.state.putFollow(ext, follow);
    await runFullSync(app.deps);
    const back: Array<{ lost_at: unknown; lost_reason: string | null }> = await app.deps.ds.query(sql, [ext, follow.userid]);
    expect(back[0]).toMatchObject({ lost_at: null, lost_reason: null });
  });
});
