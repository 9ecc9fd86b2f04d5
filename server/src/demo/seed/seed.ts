/**
 * Writes the demo corp into a database: the WeCom half (directory, customers
 * with follows and tags, group chats) and the shop half (orders, interactions,
 * scripts), streaming customers in chunks so memory stays constant at any size.
 * Each chunk is one transaction of multi-row INSERTs.
 */
import type { DataSource, QueryRunner } from 'typeorm';
import { demoCustomer } from '@server/demo/customers.ts';
import { demoDirectory } from '@server/demo/directory.ts';
import { demoGroupChats } from '@server/demo/groups.ts';
import { demoInteractionsOf } from '@server/demo/interactions.ts';
import { demoOrdersOf } from '@server/demo/orders.ts';
import { demoScripts } from '@server/demo/scripts.ts';
import type { DemoOptions } from '@server/demo/types.ts';
import {
  addCustomerRows,
  addInteractionRows,
  addOrderRows,
  customerBuffers,
  customerMetrics,
  directoryBuffers,
  scriptBuffers,
  type Ids,
} from './rows.ts';
import { withDeferredIndexes } from './indexes.ts';
import { seedDemoSettings } from './settings-rows.ts';
import { caseUpdate, dbTime, dialect, marks, select, selectOne, type SqlValue } from '@server/db/sql.ts';
import type { DbKind } from '@server/db/data-source.ts';
import { countRows, inTransaction, nextId, RowBuffer } from './sql.ts';
import { bumpDataVersion } from '@server/db/data-version.ts';

export interface SeedParts {
  /** departments, staff, staff_department, tag groups and tags */
  directory: boolean;
  /** customers, follows, customer tags, group chats and members */
  customers: boolean;
  /** orders and items (+ customer order metrics) */
  orders: boolean;
  /** the interaction timeline */
  interactions: boolean;
  /** the demo script library */
  scripts: boolean;
  /** our own settings: single-choice tag groups, profile fields, group tags on the groups (after the groups exist) */
  settings: boolean;
}

export const ALL_PARTS: SeedParts = { directory: true, customers: true, orders: true, interactions: true, scripts: true, settings: true };

export interface SeedProgress {
  stage: 'directory' | 'customers' | 'indexes' | 'groups' | 'scripts' | 'settings';
  done: number;
  total: number;
  rows: number;
}

export interface SeedOptions {
  parts?: Partial<SeedParts>;
  onProgress?: (p: SeedProgress) => void;
  /** Customers per transaction (default 500). */
  chunkCustomers?: number;
  /** MySQL with the customers part only: drop the big tables' secondary indexes during the load and rebuild them after (default: from 50,000 customers). */
  deferIndexes?: boolean;
  /** Interaction types left out of the seeded timeline (the demo server gets chats from its archive, sends and follow-ups from seedActivity). */
  skipTypes?: readonly string[];
}

export interface SeedResult {
  rows: Record<string, number>;
  ms: number;
  /** Milliseconds spent per phase: INSERTs per table (wall time, overlapping chunks both count), index rebuild, generation. */
  timings: Record<string, number>;
}

/** Seeding was refused because the named tables already hold data. */
export class SeedRefusedError extends Error {
  constructor(readonly tables: string[]) {
    super(`数据库已有数据（${tables.join(', ')}），请使用 --reset 清空演示数据后再导入`);
    this.name = 'SeedRefusedError';
  }
}

/** The table each part fills, checked to be empty before seeding. */
const PART_TABLES: Array<[keyof SeedParts, string, string]> = [
  ['directory', 'staff', ''],
  ['customers', 'customer', ''],
  ['orders', 'orders', ''],
  ['interactions', 'interaction', "source = 'seed'"],
  ['scripts', 'script', ''],
  ['settings', 'profile_field', ''],
];

/** Tables `resetDemoTables` empties (children first). Sync runs, audit log and settings are kept. */
export const DEMO_TABLES = [
  'customer_field_value',
  'profile_field',
  'tag_group_setting',
  'group_chat_tag',
  'group_tag',
  'script_send',
  'script',
  'script_folder',
  'follow_up',
  'interaction',
  'order_item',
  'orders',
  'group_member',
  'group_chat',
  'customer_tag',
  'customer_follow',
  'customer',
  'tag',
  'tag_group',
  'staff_department',
  'staff',
  'department',
] as const;

/** Empties every demo table (TRUNCATE on MySQL, DELETE + sequence reset on SQLite). */
export async function resetDemoTables(ds: DataSource): Promise<void> {
  const kind = dialect(ds);
  for (const t of DEMO_TABLES) {
    await ds.query(kind === 'mysql' ? `TRUNCATE TABLE ${ds.driver.escape(t)}` : `DELETE FROM ${ds.driver.escape(t)}`);
  }
  if (kind === 'sqlite') {
    const seq = await selectOne(ds, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'");
    if (seq) await ds.query(`DELETE FROM sqlite_sequence WHERE name IN (${marks(DEMO_TABLES.length)})`, [...DEMO_TABLES]);
  }
  await bumpDataVersion(ds, 'tag_catalog');
}

/** Names of the tables that would be written by `parts` but already hold rows. */
export async function nonEmptyTables(ds: DataSource, parts: SeedParts): Promise<string[]> {
  const out: string[] = [];
  for (const [part, table, where] of PART_TABLES) if (parts[part] && (await countRows(ds, table, where)) > 0) out.push(table);
  return out;
}

/**
 * Seeds the demo corp of `o` into `ds` (already migrated). Refuses (SeedRefusedError) when a table of an
 * enabled part already holds rows. With `customers` off, orders and interactions are attached to the
 * customers and staff already in the database (e.g. loaded by a WeCom sync of the simulator) by
 * external_userid/userid, friend_added events are left to the sync, and the customer metrics are updated.
 */
export async function seedDemo(ds: DataSource, o: DemoOptions, opts: SeedOptions = {}): Promise<SeedResult> {
  const started = Date.now();
  const parts: SeedParts = { ...ALL_PARTS, ...opts.parts };
  const kind = dialect(ds);
  const refused = await nonEmptyTables(ds, parts);
  if (refused.length > 0) throw new SeedRefusedError(refused);
  const rows: Record<string, number> = {};
  const count = (b: RowBuffer, n: number): void => {
    rows[b.table] = (rows[b.table] ?? 0) + n;
  };
  let total = 0;
  const report = (stage: SeedProgress['stage'], done: number, all: number): void =>
    opts.onProgress?.({ stage, done, total: all, rows: total });
  const timings: Record<string, number> = {};
  const time = (key: string, since: number): void => {
    timings[key] = (timings[key] ?? 0) + (Date.now() - since);
  };
  const flushAll = async (qr: QueryRunner, buffers: RowBuffer[]): Promise<void> => {
    for (const b of buffers) {
      const t0 = Date.now();
      const n = await b.flush(qr);
      time(`insert:${b.table}`, t0);
      count(b, n);
      total += n;
    }
  };

  if (parts.directory) {
    const buffers = directoryBuffers(demoDirectory(o), await nextId(ds, 'staff'));
    await bulkTransaction(ds, kind, (qr) => flushAll(qr, buffers));
    report('directory', 1, 1);
  }
  const staffIds = await staffIdMap(ds);

  if (parts.customers || parts.orders || parts.interactions) {
    const ids: Ids = {
      customer: await nextId(ds, 'customer'),
      follow: await nextId(ds, 'customer_follow'),
      order: await nextId(ds, 'orders'),
    };
    const chunk = Math.max(1, opts.chunkCustomers ?? 500);
    // friend_added is what a sync records for relations it loads; only the seed's own relations get one here.
    const skip = new Set<string>([...(parts.customers ? [] : ['friend_added']), ...(opts.skipTypes ?? [])]);
    const streamChunks = async (): Promise<void> => {
      // Two chunks in flight on two connections: the database works on one while the next is generated.
      const inflight: Array<Promise<void>> = [];
      let completed = 0;
      for (let start = 0; start < o.customers; start += chunk) {
        const end = Math.min(o.customers, start + chunk);
        const b = customerBuffers();
        // The shop's member facts (会员号, 生日) of customers a sync loaded: WeCom never carries them.
        const memberFacts: Array<[number, string | null, string | null]> = [];
        const g0 = Date.now();
        const customers = [];
        for (let i = start; i < end; i++) customers.push(demoCustomer(o, i));
        const existing = parts.customers
          ? null
          : await customerIdMap(
              ds,
              customers.map((c) => c.external_userid),
            );
        for (const c of customers) {
          const orders = parts.orders || parts.customers ? demoOrdersOf(o, c) : [];
          const interactions = demoInteractionsOf(o, c);
          let customerId: number;
          if (existing) {
            const id = existing.get(c.external_userid);
            if (id === undefined) continue; // not (or no longer) in the synced corp
            customerId = id;
            if (c.member_no || c.birthday) memberFacts.push([id, c.member_no, c.birthday]);
          } else {
            customerId = ids.customer++;
            const m = customerMetrics(c, parts.orders ? orders : [], parts.interactions ? interactions : []);
            addCustomerRows(b, ids, customerId, c, staffIds, m);
          }
          if (parts.orders) addOrderRows(b, ids, customerId, c, orders, interactions, staffIds);
          if (parts.interactions) addInteractionRows(b, customerId, interactions, staffIds, skip);
        }
        time('generate', g0);
        const buffers = [b.customer, b.follow, b.tag, b.order, b.item, b.interaction];
        const write = bulkTransaction(ds, kind, async (qr) => {
          await flushAll(qr, buffers);
          if (existing && existing.size > 0) await updateMetrics(qr, [...existing.values()]);
          if (memberFacts.length > 0) {
            await caseUpdate(qr, { table: 'customer', key: 'id', columns: ['member_no', 'birthday'], rows: memberFacts, chunk: 300 });
          }
        }).then(() => {
          completed += end - start;
          report('customers', completed, o.customers);
        });
        write.catch(() => undefined); // awaited below; this only keeps a failure from being "unhandled" meanwhile
        inflight.push(write);
        // SQLite has one writer: keep a single chunk in flight there.
        if (inflight.length >= (kind === 'mysql' ? 2 : 1)) await inflight.shift();
      }
      await Promise.all(inflight);
    };
    const bulkTables = [
      ...(parts.customers ? ['customer', 'customer_follow', 'customer_tag'] : []),
      ...(parts.orders ? ['orders', 'order_item'] : []),
      ...(parts.interactions ? ['interaction'] : []),
    ];
    // Only for a fresh load: attaching to synced customers needs the orders/interaction indexes for the metric updates.
    const defer = parts.customers && kind === 'mysql' && (opts.deferIndexes ?? o.customers >= 50_000);
    if (defer) {
      let rebuildStart = 0;
      await withDeferredIndexes(ds, bulkTables, streamChunks, () => {
        rebuildStart = Date.now();
        report('indexes', 0, 1);
      });
      time('rebuild-indexes', rebuildStart);
    } else await streamChunks();
    if (parts.customers) {
      const n = await seedGroups(ds, o, staffIds, (b2, k) => count(b2, k));
      total += n;
      report('groups', 1, 1);
    }
  }

  if (parts.scripts) {
    const buffers = scriptBuffers(demoScripts(), await nextId(ds, 'script_folder'));
    await inTransaction(ds, (qr) => flushAll(qr, buffers));
    report('scripts', 1, 1);
  }

  if (parts.settings) {
    rows.settings = await inTransaction(ds, (qr) => seedDemoSettings(qr, o.now));
    total += rows.settings;
    report('settings', 1, 1);
  }
  // Tags and tag-group settings were written: cached catalogs anywhere are stale.
  await bumpDataVersion(ds, 'tag_catalog');
  return { rows, ms: Date.now() - started, timings };
}

/**
 * One bulk transaction. On MySQL, secondary unique checks are deferred for the
 * load (the generator guarantees uniqueness) and restored before the connection
 * goes back to the pool.
 */
async function bulkTransaction(ds: DataSource, kind: DbKind, fn: (qr: QueryRunner) => Promise<void>): Promise<void> {
  await inTransaction(ds, async (qr) => {
    if (kind === 'mysql') await qr.query('SET SESSION unique_checks = 0');
    try {
      await fn(qr);
    } finally {
      if (kind === 'mysql') await qr.query('SET SESSION unique_checks = 1');
    }
  });
}

async function staffIdMap(ds: DataSource): Promise<Map<string, number>> {
  const rows = await select<{ id: number | string; userid: string }>(ds, 'SELECT id, userid FROM staff');
  return new Map(rows.map((r) => [r.userid, Number(r.id)]));
}

async function customerIdMap(ds: DataSource, externalUserids: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < externalUserids.length; i += 1000) {
    const part = externalUserids.slice(i, i + 1000);
    if (part.length === 0) continue;
    const rows = await select<{ id: number | string; external_userid: string }>(
      ds,
      `SELECT id, external_userid FROM customer WHERE external_userid IN (${marks(part.length)})`,
      part,
    );
    for (const r of rows) out.set(r.external_userid, Number(r.id));
  }
  return out;
}

/** Recomputes the order and contact metrics of the given customers from the rows in the database (set-based). */
async function updateMetrics(qr: QueryRunner, customerIds: number[]): Promise<void> {
  const counted =
    "o.customer_id = customer.id AND o.status IN ('paid', 'partially_refunded') AND o.paid_at IS NOT NULL AND o.paid_amount > o.refunded_amount";
  for (let i = 0; i < customerIds.length; i += 1000) {
    const part = customerIds.slice(i, i + 1000);
    await qr.query(
      `UPDATE customer SET
      order_count = (SELECT COUNT(*) FROM orders o WHERE ${counted}),
      total_spent = (SELECT COALESCE(SUM(o.paid_amount - o.refunded_amount), 0) FROM orders o WHERE ${counted}),
      last_order_at = (SELECT MAX(o.paid_at) FROM orders o WHERE ${counted}),
      last_interaction_at = (SELECT MAX(i.occurred_at) FROM interaction i WHERE i.customer_id = customer.id
        AND i.type NOT IN ('order_paid', 'order_refunded', 'segment_changed'))
      WHERE id IN (${marks(part.length)})`,
      part,
    );
  }
}

/** Group chats and their members (customers resolved by external_userid, staff by userid). */
async function seedGroups(
  ds: DataSource,
  o: DemoOptions,
  staffIds: Map<string, number>,
  count: (b: RowBuffer, n: number) => void,
): Promise<number> {
  const chats = demoGroupChats(o);
  const externals = [...new Set(chats.flatMap((g) => g.member_list.filter((m) => m.type === 2).map((m) => m.userid)))];
  const customerIds = await customerIdMap(ds, externals);
  let groupId = await nextId(ds, 'group_chat');
  const chat = new RowBuffer('group_chat', [
    'id',
    'chat_id',
    'name',
    'owner_userid',
    'notice',
    'status',
    'create_time',
    'member_count',
    'customer_count',
  ]);
  const member = new RowBuffer('group_member', [
    'group_id',
    'member_type',
    'userid',
    'unionid',
    'customer_id',
    'staff_id',
    'name',
    'group_nickname',
    'join_time',
    'join_scene',
    'invitor_userid',
  ]);
  for (const g of chats) {
    const id = groupId++;
    const customers = g.member_list.filter((m) => m.type === 2).length;
    chat.add([id, g.chat_id, g.name, g.owner, g.notice || null, 0, dbTime(g.create_time * 1000), g.member_list.length, customers]);
    for (const m of g.member_list) {
      const row: SqlValue[] = [
        id,
        m.type,
        m.userid,
        m.unionid ?? null,
        m.type === 2 ? (customerIds.get(m.userid) ?? null) : null,
        m.type === 1 ? (staffIds.get(m.userid) ?? null) : null,
        m.name,
        m.group_nickname || null,
        dbTime(m.join_time * 1000),
        m.join_scene,
        m.invitor ?? null,
      ];
      member.add(row);
    }
  }
  let n = 0;
  await inTransaction(ds, async (qr) => {
    for (const b of [chat, member]) {
      const k = await b.flush(qr);
      count(b, k);
      n += k;
    }
  });
  return n;
}
