import type { DataSource } from 'typeorm';
import type { SyncApi } from '@server/features/sync/stages/context.ts';
import { startSimulator, type RunningSimulator, type Simulator, type StartSimulatorOptions } from '@server/simulator/index.ts';
import { setWecomClientOptions } from '@server/wecom/client.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

export type Sim = Simulator & RunningSimulator;

/** A small simulator corp (the demo generator's) on an ephemeral port. */
export function startSmallSim(options: StartSimulatorOptions = {}): Promise<Sim> {
  return startSimulator({ corp: { customers: 200, guides: 6, groups: 12, seed: 7 }, ...options });
}

/** A test app whose WeCom client talks to `sim`, with the sim's callbacks aimed at this app (or at another instance's database with `shared`). */
export async function startAppFor(sim: Sim, env: Record<string, string> = {}, shared?: TestApp['db']): Promise<TestApp> {
  const app = await startTestApp(env, { shared });
  setWecomClientOptions(app.deps, { apiBase: sim.url, retry: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 6, budget: 10_000 } });
  sim.callbacks.setTarget({ url: `${app.url}/wecom/callback`, retryDelayMs: 50 });
  return app;
}

/** Each synced table with database ids replaced by WeCom's natural keys (ids differ between databases). */
const TABLES: Array<[string, string]> = [
  ['department', 'SELECT * FROM department ORDER BY id'],
  ['staff', 'SELECT * FROM staff ORDER BY userid'],
  [
    'staff_department',
    'SELECT s.userid, d.department_id, d.is_leader FROM staff_department d JOIN staff s ON s.id = d.staff_id ORDER BY s.userid, d.department_id',
  ],
  ['customer', 'SELECT * FROM customer ORDER BY external_userid'],
  [
    'customer_follow',
    'SELECT c.external_userid AS ext, s.userid AS su, f.* FROM customer_follow f JOIN customer c ON c.id = f.customer_id JOIN staff s ON s.id = f.staff_id ORDER BY c.external_userid, s.userid',
  ],
  ['tag_group', 'SELECT * FROM tag_group ORDER BY id'],
  ['tag', 'SELECT * FROM tag ORDER BY id'],
  [
    'customer_tag',
    'SELECT c.external_userid AS ext, s.userid AS su, t.tag_id FROM customer_tag t JOIN customer_follow f ON f.id = t.follow_id JOIN customer c ON c.id = t.customer_id JOIN staff s ON s.id = f.staff_id ORDER BY c.external_userid, s.userid, t.tag_id',
  ],
  ['group_chat', 'SELECT * FROM group_chat ORDER BY chat_id'],
  [
    'group_member',
    'SELECT g.chat_id, c.external_userid AS ext, s.userid AS su, m.* FROM group_member m JOIN group_chat g ON g.id = m.group_id LEFT JOIN customer c ON c.id = m.customer_id LEFT JOIN staff s ON s.id = m.staff_id ORDER BY g.chat_id, m.userid',
  ],
  [
    'interaction',
    'SELECT c.external_userid AS ext, s.userid AS su, g.chat_id, i.* FROM interaction i LEFT JOIN customer c ON c.id = i.customer_id LEFT JOIN staff s ON s.id = i.staff_id LEFT JOIN group_chat g ON g.id = i.group_id ORDER BY i.dedupe_key',
  ],
  [
    'wecom_behavior_stat',
    'SELECT s.userid AS su, b.* FROM wecom_behavior_stat b JOIN staff s ON s.id = b.staff_id ORDER BY s.userid, b.day',
  ],
];
const IDS = new Set(['id', 'customer_id', 'staff_id', 'group_id', 'follow_id']);
/** Columns whose value is a wall-clock instant of the run, not data from WeCom. */
const VOLATILE = new Set(['created_at', 'updated_at', 'last_seen_sync_id']);
const INSTANTS = new Set(['lost_at', 'left_at', 'dismissed_at']);

function norm(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(v))
    return new Date(`${v.replace(' ', 'T')}Z`).toISOString();
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  return v;
}

/**
 * Every synced table as sorted rows, with run-time instants reduced to
 * "set or not" so two runs at different moments compare equal.
 */
export async function dumpTables(ds: DataSource, { keepUpdatedAt = false } = {}): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, sql] of TABLES) {
    const rows: Array<Record<string, unknown>> = await ds.query(sql);
    out[table] = rows.map((r) => {
      const row: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(r)) {
        if (VOLATILE.has(k) && !(keepUpdatedAt && k === 'updated_at')) continue;
        if (IDS.has(k) && !(table === 'department' || table === 'tag_group' || table === 'tag')) continue;
        if (INSTANTS.has(k)) row[k] = v === null ? null : 'set';
        else if (table === 'interaction' && (k === 'occurred_at' || k === 'day') && ['friend_lost', 'group_leave'].includes(String(r.type)))
          row[k] = 'run-time';
        else row[k] = norm(v);
      }
      return row;
    });
  }
  return out;
}

export async function count(ds: DataSource, sql: string, params: unknown[] = []): Promise<number> {
  const rows: Array<Record<string, unknown>> = await ds.query(sql, params);
  return Number(Object.values(rows[0] ?? {})[0] ?? 0);
}

/** What the simulator's corp holds, as a full sync must reproduce it. */
export function expectedCorp(sim: Sim) {
  const st = sim.state;
  let follows = 0;
  const customers = new Set<string>();
  for (const userid of st.followUsers) {
    const list = st.customersByUser.get(userid) ?? [];
    follows += list.length;
    for (const ext of list) customers.add(ext);
  }
  let members = 0;
  for (const g of st.groupChats.values()) members += g.member_list.length;
  return {
    departments: st.departments.length,
    staff: st.users.size,
    followUsers: st.followUsers.size,
    customers: customers.size,
    follows,
    tagGroups: st.tagGroups.size,
    tags: st.tags.size,
    groups: st.groupChats.size,
    members,
  };
}

/** The tables (and first differing row) where two dumps differ; empty when equal. */
export function diffDumps(a: Record<string, unknown[]>, b: Record<string, unknown[]>): string[] {
  const out: string[] = [];
  for (const table of Object.keys(a)) {
    const x = a[table] ?? [];
    const y = b[table] ?? [];
    if (x.length !== y.length) {
      out.push(`${table}: ${x.length} rows vs ${y.length}`);
      continue;
    }
    const i = x.findIndex((row, k) => JSON.stringify(row) !== JSON.stringify(y[k]));
    if (i >= 0) out.push(`${table}[${i}]: ${JSON.stringify(x[i])} vs ${JSON.stringify(y[i])}`);
  }
  return out;
}

/** The sync's WeCom client with `before(n)` awaited ahead of its n-th call (1-based) of any API: to kill, stall or count a run. */
export function interceptCalls(api: SyncApi, before: (n: number) => void | Promise<void>): SyncApi {
  let calls = 0;
  const wrap =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      calls += 1;
      await before(calls);
      return fn(...args);
    };
  return {
    listDepartments: wrap((...a: Parameters<SyncApi['listDepartments']>) => api.listDepartments(...a)),
    listUsers: wrap((...a: Parameters<SyncApi['listUsers']>) => api.listUsers(...a)),
    getFollowUserList: wrap(() => api.getFollowUserList()),
    batchGetByUser: wrap((...a: Parameters<SyncApi['batchGetByUser']>) => api.batchGetByUser(...a)),
    getCorpTagList: wrap((...a: Parameters<SyncApi['getCorpTagList']>) => api.getCorpTagList(...a)),
    listGroupChats: wrap((...a: Parameters<SyncApi['listGroupChats']>) => api.listGroupChats(...a)),
    getGroupChat: wrap((...a: Parameters<SyncApi['getGroupChat']>) => api.getGroupChat(...a)),
    getUserBehaviorData: wrap((...a: Parameters<SyncApi['getUserBehaviorData']>) => api.getUserBehaviorData(...a)),
  };
}
