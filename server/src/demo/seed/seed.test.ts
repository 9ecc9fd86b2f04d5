import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { openDatabase } from '@server/db/data-source.ts';
import { createTestDatabase, type TestDatabase } from '../../../../tests/support/test-db.ts';
import { startTestApp } from '../../../../tests/support/test-app.ts';
import {
  demoCustomers,
  demoDirectory,
  demoGroupChats,
  demoInteractionsOf,
  demoOptions,
  demoOrdersOf,
  demoScripts,
} from '@server/demo/index.ts';
import { ensureDemoData } from '@server/demo/ensure.ts';
import { secondaryIndexes } from './indexes.ts';
import { resetDemoTables, seedDemo, SeedRefusedError } from './seed.ts';
import { dialect } from '@server/db/sql.ts';
import { countRows } from './sql.ts';

const o = demoOptions({ customers: 120, guides: 6, groups: 4 });

async function expected() {
  let follows = 0,
    tags = 0,
    orders = 0,
    items = 0,
    interactions = 0;
  for (const c of demoCustomers(o)) {
    follows += c.follows.length;
    tags += c.follows.reduce((s, f) => s + f.tag_ids.length, 0);
    const os = demoOrdersOf(o, c);
    orders += os.length;
    items += os.reduce((s, x) => s + x.items.length, 0);
    interactions += demoInteractionsOf(o, c).length;
  }
  return { follows, tags, orders, items, interactions };
}

/** Order metrics recomputed from the orders table, per customer external id. */
async function metricsFromOrders(ds: DataSource): Promise<Array<{ x: string; n: number; s: number; c: number; s2: number }>> {
  const rows: Array<{ x: string; n: number | string; s: number | string; c: number | string; s2: number | string }> = await ds.query(`
    SELECT c.external_userid AS x, c.order_count AS n, c.total_spent AS s,
      (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id AND o.status IN ('paid','partially_refunded') AND o.paid_amount > o.refunded_amount) AS c,
      (SELECT COALESCE(SUM(o.paid_amount - o.refunded_amount), 0) FROM orders o WHERE o.customer_id = c.id AND o.status IN ('paid','partially_refunded') AND o.paid_amount > o.refunded_amount) AS s2
    FROM customer c ORDER BY c.external_userid`);
  return rows.map((r) => ({ x: r.x, n: Number(r.n), s: Number(r.s), c: Number(r.c), s2: Number(r.s2) }));
}

describe('seedDemo', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.url);
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it("writes both halves of the demo corp with the generator's counts and consistent customer metrics", async () => {
    const progress: string[] = [];
    const result = await seedDemo(ds, o, { chunkCustomers: 50, onProgress: (p) => progress.push(p.stage) });
    const want = await expected();
    const dir = demoDirectory(o);
    expect(await countRows(ds, 'staff')).toBe(dir.staff.length);
    expect(await countRows(ds, 'department')).toBe(dir.departments.length);
    expect(await countRows(ds, 'tag')).toBe(dir.tagGroups.reduce((s, g) => s + g.tag.length, 0));
    expect(await countRows(ds, 'customer')).toBe(120);
    expect(await countRows(ds, 'customer_follow')).toBe(want.follows);
    expect(await countRows(ds, 'customer_tag')).toBe(want.tags);
    expect(await countRows(ds, 'orders')).toBe(want.orders);
    expect(await countRows(ds, 'order_item')).toBe(want.items);
    expect(await countRows(ds, 'interaction')).toBe(want.interactions);
    expect(await countRows(ds, 'group_chat')).toBe(4);
    expect(await countRows(ds, 'group_member')).toBe(demoGroupChats(o).reduce((s, g) => s + g.member_list.length, 0));
    expect(await countRows(ds, 'script')).toBe(demoScripts().reduce((s, f) => s + f.scripts.length, 0));
    expect(result.rows.orders).toBe(want.orders);
    expect(progress).toContain('customers');
    for (const m of await metricsFromOrders(ds)) {
      expect(m.n).toBe(m.c);
      expect(m.s).toBe(m.s2);
    }
    // Every follow and tag points at rows that exist; group members that are contacts are linked.
    expect(
      await countRows(ds, 'customer_follow', 'staff_id NOT IN (SELECT id FROM staff) OR customer_id NOT IN (SELECT id FROM customer)'),
    ).toBe(0);
    expect(
      await countRows(ds, 'customer_tag', 'tag_id NOT IN (SELECT id FROM tag) OR follow_id NOT IN (SELECT id FROM customer_follow)'),
    ).toBe(0);
    expect(await countRows(ds, 'group_member', 'member_type = 2 AND customer_id IS NOT NULL')).toBeGreaterThan(4);
    expect(await countRows(ds, 'orders', "attribution = 'payload_guide' AND staff_id IS NULL")).toBe(0);
    expect(await countRows(ds, 'orders', 'customer_id IS NULL')).toBe(0);
    // Stored in UTC and readable back as the generator's instants.
    const first = [...demoCustomers(o)][0]!;
    const rows: Array<{ a: unknown }> = await ds.query('SELECT first_added_at AS a FROM customer WHERE external_userid = ?', [
      first.external_userid,
    ]);
    const stored = rows[0]?.a;
    const asDate = stored instanceof Date ? stored : new Date(`${String(stored).replace(' ', 'T')}Z`);
    expect(asDate.getTime()).toBe(Math.min(...first.follows.map((f) => f.createtime)) * 1000);
  });

  it('refuses a non-empty database and seeds the same data again after a reset', async () => {
    await expect(seedDemo(ds, o)).rejects.toBeInstanceOf(SeedRefusedError);
    const before = await metricsFromOrders(ds);
    await resetDemoTables(ds);
    expect(await countRows(ds, 'customer')).toBe(0);
    await seedDemo(ds, o, { deferIndexes: dialect(ds) === 'mysql' });
    expect(await metricsFromOrders(ds)).toEqual(before);
  });

  it('restores every secondary index after a load with deferred indexes (MySQL)', async () => {
    if (dialect(ds) !== 'mysql') return;
    const tables = ['customer', 'customer_follow', 'customer_tag', 'orders', 'order_item', 'interaction'];
    const names = (await secondaryIndexes(ds, tables)).map((d) => `${d.table}.${d.name}:${d.unique}:${d.columns.join(',')}`).sort();
    expect(names).toContain('interaction.uq_interaction_dedupe:true:dedupe_key');
    await resetDemoTables(ds);
    await seedDemo(ds, o, { deferIndexes: true });
    expect((await secondaryIndexes(ds, tables)).map((d) => `${d.table}.${d.name}:${d.unique}:${d.columns.join(',')}`).sort()).toEqual(
      names,
    );
  });

  it('loads only the shop half onto customers that are already there, with the same results as a full seed', async () => {
    const full = await metricsFromOrders(ds);
    const fullOrders = await countRows(ds, 'orders');
    const fullBirthdays = await countRows(ds, 'customer', 'birthday IS NOT NULL');
    const fullMembers = await countRows(ds, 'customer', 'member_no IS NOT NULL');
    await resetDemoTables(ds);
    // The WeCom half as a sync would have loaded it.
    await seedDemo(ds, o, {
      parts: { directory: true, customers: true, orders: false, interactions: false, scripts: false, settings: false },
    });
    expect(await countRows(ds, 'orders')).toBe(0);
    // A sync knows no birthdays or member numbers: those come with the shop half.
    await ds.query('UPDATE customer SET birthday = NULL, member_no = NULL');
    await seedDemo(ds, o, { parts: { directory: false, customers: false, orders: true, interactions: true, scripts: true } });
    expect(await countRows(ds, 'customer', 'birthday IS NOT NULL')).toBe(fullBirthdays);
    expect(await countRows(ds, 'customer', 'member_no IS NOT NULL')).toBe(fullMembers);
    expect(fullBirthdays).toBeGreaterThan(0);
    // The demo's own settings land on the synced tag groups and groups: 客户等级 single-choice, group tags on groups.
    expect(await countRows(ds, 'tag_group_setting', 'single_choice = 1')).toBe(1);
    expect(await countRows(ds, 'group_chat_tag')).toBeGreaterThan(0);
    expect(await countRows(ds, 'profile_field', 'tag_group_id IS NOT NULL')).toBe(1);
    expect(await countRows(ds, 'orders')).toBe(fullOrders);
    expect(await metricsFromOrders(ds)).toEqual(full);
    // friend_added is left to the sync in this mode, so only customers with other contact have a last interaction.
    expect(await countRows(ds, 'customer', 'last_interaction_at IS NOT NULL')).toBeGreaterThan(100);
    expect(await countRows(ds, 'interaction', "type = 'friend_added'")).toBe(0);
  });
});

describe('ensureDemoData', () => {
  it('seeds an empty database of a running app once, then leaves it alone', async () => {
    const app = await startTestApp({ DEMO_CUSTOMERS: '30' });
    try {
      const first = await ensureDemoData(app.deps, { options: { groups: 2 } });
      expect(first?.rows.customer).toBe(30);
      expect(await countRows(app.deps.ds, 'customer')).toBe(30);
      expect(await ensureDemoData(app.deps)).toBeNull();
      expect(await countRows(app.deps.ds, 'customer')).toBe(30);
    } finally {
      await app.stop();
    }
  });
});
