import koffi from 'koffi';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@server/db/data-source.ts';
import { createTestDatabase, type TestDatabase } from '../../../../tests/support/test-db.ts';
import {
  compileStandin,
  encryptRecord,
  makeKeyVersion,
  msg,
  privateKeysJson,
  writeStandinData,
} from '../../../../tests/support/archive-fixtures.ts';
import { ArchiveKeyRing } from './keyring.ts';
import { acquireLease, readCheckpoint } from './lease.ts';
import { pullArchive } from './puller.ts';
import { createSdkSource } from './sdk-source.ts';
import type { ArchiveSource } from './source.ts';

const v1 = makeKeyVersion(1, 'pkcs1');
const v2 = makeKeyVersion(2, 'pkcs8');
const keys = ArchiveKeyRing.fromJson(privateKeysJson([v1, v2]));
let lib: string;
let loadData: (path: string) => number;
let liveSlices: () => number;

/** Serves these messages (seq 1..n, alternating key versions) from the stand-in SDK. */
function serve(messages: Array<{ msgid: string }>, seqs?: number[]): ArchiveSource {
  const items = messages.map((m, i) => encryptRecord(seqs?.[i] ?? i + 1, m, i % 2 === 0 ? v1 : v2));
  expect(loadData(writeStandinData(items))).toBe(0);
  return createSdkSource({ libraryPath: lib, corpId: 'wwtest', secret: 'secret', keys });
}

async function seed(ds: DataSource): Promise<void> {
  await ds.query(
    `INSERT INTO staff (userid, name, role, status, gender, is_follow_user) VALUES ('guide1', '小王', 'guide', 1, 0, 1), ('guide2', '小李', 'guide', 1, 0, 1)`,
  );
  await ds.query(
    `INSERT INTO customer (external_userid, name, total_spent) VALUES ('wmCust1', '张女士', 0), ('wmCust2', '李先生', 0), ('wmCust3', '赵小姐', 0)`,
  );
  await ds.query(
    `INSERT INTO group_chat (chat_id, name, owner_userid, status, create_time, member_count, customer_count) VALUES ('wrRoom1', '会员群', 'guide1', 0, '2026-01-01 00:00:00', 3, 2)`,
  );
}

async function openSeeded(): Promise<{ db: TestDatabase; ds: DataSource }> {
  const db = await createTestDatabase();
  const ds = await openDatabase(db.url);
  await seed(ds);
  return { db, ds };
}

const T = (iso: string) => new Date(iso);

/** A day of chats: bursts, a reply after midnight, an unanswered chat, a group, a recall, a switch record, consent. */
function conversation(): Array<{ msgid: string }> {
  return [
    msg.agree('c1-agree', 'wmCust1', 'guide1', T('2026-11-20T01:00:00Z')),
    msg.text('c1-1', 'wmCust1', 'guide1', T('2026-11-20T02:00:00Z'), '你好，外套有货吗'),
    msg.text('c1-2', 'wmCust1', 'guide1', T('2026-11-20T02:00:30Z'), '要 M 码'),
    msg.image('c1-3', 'wmCust1', 'guide1', T('2026-11-20T02:01:00Z')),
    msg.text('g1-1', 'guide1', 'wmCust1', T('2026-11-20T02:05:00Z'), '有的，给您留一件'),
    msg.text('g1-2', 'guide1', 'wmCust1', T('2026-11-20T02:05:30Z'), '今天到店可以试穿'),
    msg.switch('sw-1', 'guide1', T('2026-11-20T03:00:00Z')),
    // Shanghai 23:50 on the 20th, reply at 00:10 on the 21st.
    msg.text('c2-1', 'wmCust2', 'guide1', T('2026-11-20T15:50:00Z'), '还营业吗'),
    msg.text('g2-1', 'guide1', 'wmCust2', T('2026-11-20T16:10:00Z'), '明早十点开门，可以加微信返现'),
    msg.text('g2-2', 'guide1', 'wmCust2', T('2026-11-20T16:11:00Z'), '说错了，请忽略'),
    msg.revoke('r2-1', 'guide1', 'wmCust2', T('2026-11-20T16:12:00Z'), 'g2-1'),
    // Unanswered.
    msg.text('c3-1', 'wmCust3', 'guide2', T('2026-11-20T05:00:00Z'), '在吗'),
    msg.text('c3-2', 'wmCust3', 'guide2', T('2026-11-20T05:10:00Z'), '？'),
    // Guide-initiated chat opens no turn.
    msg.text('g4-1', 'guide2', 'wmCust1', T('2026-11-20T06:00:00Z'), '新品到了'),
    msg.text('room-1', 'wmCust1', 'wrRoom1', T('2026-11-20T07:00:00Z'), '群里问一下', 'wrRoom1'),
    msg.text('room-2', 'guide1', 'wrRoom1', T('2026-11-20T07:01:00Z'), '欢迎大家', 'wrRoom1'),
    msg.disagree('c1-disagree', 'wmCust1', 'guide1', T('2026-11-20T08:00:00Z')),
  ];
}

async function snapshot(ds: DataSource): Promise<Record<string, unknown>> {
  const q = (sql: string) => ds.query(sql);
  const norm = (rows: Array<Record<string, unknown>>) =>
    rows.map((r) => JSON.parse(JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))));
  return {
    messages: norm(
      await q('SELECT seq, msgid, action, msgtype, staff_id, customer_id, direction, revoked FROM archive_message ORDER BY seq'),
    ),
    interactions: norm(await q('SELECT dedupe_key, type, customer_id, staff_id, group_id, day FROM interaction ORDER BY dedupe_key')),
    turns: norm(
      await q(
        'SELECT staff_id, customer_id, opened_msgid, day, message_count, reply_seconds, reply_msgid FROM reply_turn ORDER BY opened_msgid',
      ),
    ),
    consent: norm(await q('SELECT external_userid, staff_userid, roomid, status FROM archive_consent ORDER BY external_userid')),
    customers: (
      (await q('SELECT external_userid, last_interaction_at FROM customer ORDER BY id')) as Array<{
        external_userid: string;
        last_interaction_at: unknown;
      }>
    ).map((r) => [
      r.external_userid,
      r.last_interaction_at === null
        ? null
        : new Date(
            String(
              r.last_interaction_at instanceof Date
                ? r.last_interaction_at.toISOString()
                : `${String(r.last_interaction_at).replace(' ', 'T')}Z`,
            ),
          ).toISOString(),
    ]),
    checkpoint: (await readCheckpoint(ds)).seq,
  };
}

describe('archive puller', () => {
  const opened: Array<{ db: TestDatabase; ds: DataSource }> = [];
  beforeAll(() => {
    lib = compileStandin();
    const control = koffi.load(lib);
    const load = control.func('int standin_load_data(const char *path)');
    const live = control.func('long standin_live_slices()');
    loadData = (path) => Number(load(path));
    liveSlices = () => Number(live());
  });
  afterAll(async () => {
    for (const { db, ds } of opened) {
      await ds.destroy();
      await db.drop();
    }
  });
  const fresh = async () => {
    const o = await openSeeded();
    opened.push(o);
    return o.ds;
  };

  it('stores every message once with its interactions, reply turns, recall and consent, and advances the checkpoint', async () => {
    const ds = await fresh();
    const source = serve(conversation());
    const summary = await pullArchive(ds, source, { batchSize: 4 });
    await source.close();
    expect(summary).toMatchObject({ status: 'done', fromSeq: 0, toSeq: 17, fetched: 17, inserted: 17, batches: 5 });
    const snap = await snapshot(ds);
    expect(snap.checkpoint).toBe(17);
    const interactions = snap.interactions as Array<{ dedupe_key: string; type: string; group_id: number | null }>;
    // agree/disagree/revoke/switch are not interactions; 13 spoken messages are.
    expect(interactions.map((i) => i.dedupe_key).sort()).toEqual([
      'c1-1',
      'c1-2',
      'c1-3',
      'c2-1',
      'c3-1',
      'c3-2',
      'g1-1',
      'g1-2',
      'g2-1',
      'g2-2',
      'g4-1',
      'room-1',
      'room-2',
    ]);
    expect(interactions.find((i) => i.dedupe_key === 'c1-1')?.type).toBe('message_in');
    expect(interactions.find((i) => i.dedupe_key === 'g1-1')?.type).toBe('message_out');
    expect(interactions.find((i) => i.dedupe_key === 'room-1')).toMatchObject({ type: 'group_message', group_id: 1 });
    const messages = snap.messages as Array<{ msgid: string; revoked: number | boolean }>;
    expect(Boolean(messages.find((m) => m.msgid === 'g2-1')?.revoked)).toBe(true);
    expect(Boolean(messages.find((m) => m.msgid === 'g2-2')?.revoked)).toBe(false);
    expect(snap.consent).toEqual([{ external_userid: 'wmCust1', staff_userid: 'guide1', roomid: '', status: 'disagree' }]);
    expect(snap.customers).toEqual([
      ['wmCust1', '2026-11-20T07:00:00.000Z'],
      ['wmCust2', '2026-11-20T16:11:00.000Z'],
      ['wmCust3', '2026-11-20T05:10:00.000Z'],
    ]);
    expect(liveSlices()).toBe(0);

    // A second run finds nothing new.
    const again = serve(conversation());
    expect(await pullArchive(ds, again)).toMatchObject({ status: 'done', fetched: 0, inserted: 0 });
    await again.close();
  });

  it('computes reply turns: a burst is one turn, a reply after midnight counts for the opening day, unanswered stays open', async () => {
    const ds = await fresh();
    const source = serve(conversation());
    await pullArchive(ds, source, { batchSize: 3 });
    await source.close();
    const turns = (await snapshot(ds)).turns;
    expect(turns).toEqual([
      // guide1 ↔ wmCust1: three customer messages, first reply 5 minutes after the first one.
      { staff_id: 1, customer_id: 1, opened_msgid: 'c1-1', day: '2026-11-20', message_count: 3, reply_seconds: 300, reply_msgid: 'g1-1' },
      // guide1 ↔ wmCust2: 23:50 → 00:10 Shanghai, 20 minutes, day of the opening message.
      { staff_id: 1, customer_id: 2, opened_msgid: 'c2-1', day: '2026-11-20', message_count: 1, reply_seconds: 1200, reply_msgid: 'g2-1' },
      // guide2 ↔ wmCust3: never answered.
      { staff_id: 2, customer_id: 3, opened_msgid: 'c3-1', day: '2026-11-20', message_count: 2, reply_seconds: null, reply_msgid: null },
    ]);
  });

  it('resumes after a crash at any batch to exactly the state of a clean run', async () => {
    const clean = await fresh();
    const s1 = serve(conversation());
    await pullArchive(clean, s1, { batchSize: 3 });
    await s1.close();
    const expected = await snapshot(clean);

    for (const crashAt of [1, 2, 4]) {
      const ds = await fresh();
      const s2 = serve(conversation());
      await expect(
        pullArchive(ds, s2, {
          batchSize: 3,
          beforeCommit: (n) => {
            if (n === crashAt) throw new Error('killed');
          },
        }),
      ).rejects.toThrow('killed');
      expect((await readCheckpoint(ds)).seq).toBe((crashAt - 1) * 3);
      expect((await readCheckpoint(ds)).lastError).toContain('killed');
      await pullArchive(ds, s2, { batchSize: 3 });
      await s2.close();
      expect(await snapshot(ds)).toEqual(expected);
    }
  });

  it('ignores a message delivered twice (same msgid under a new seq, or a re-pull from seq 0)', async () => {
    const ds = await fresh();
    const base = conversation();
    const source = serve([...base, base[1] as { msgid: string }, base[4] as { msgid: string }]);
    const summary = await pullArchive(ds, source, { batchSize: 5 });
    expect(summary).toMatchObject({ fetched: 19, inserted: 17, duplicates: 2 });
    const before = await snapshot(ds);
    await ds.query(`UPDATE archive_checkpoint SET seq = 0`);
    expect(await pullArchive(ds, source)).toMatchObject({ fetched: 19, inserted: 0, duplicates: 19 });
    await source.close();
    expect(await snapshot(ds)).toEqual({ ...before, checkpoint: 19 });
  });

  it('keeps a record it cannot understand verbatim and carries on instead of stalling', async () => {
    const ds = await fresh();
    const odd = { msgid: 'odd-1', action: 'send', note: '缺少 from/msgtime 的记录' };
    const source = serve([odd, msg.text('after-odd', 'wmCust1', 'guide1', T('2026-11-20T09:00:00Z'), '还在吗')]);
    expect(await pullArchive(ds, source)).toMatchObject({ status: 'done', inserted: 2, interactions: 1 });
    await source.close();
    const rows: Array<{ msgid: string; action: string; content: string }> = await ds.query(
      'SELECT msgid, action, content FROM archive_message ORDER BY seq',
    );
    expect(rows.map((r) => [r.msgid, r.action])).toEqual([
      ['odd-1', 'unparsed'],
      ['after-odd', 'send'],
    ]);
    expect(JSON.parse(rows[0]?.content ?? '{}')).toMatchObject({ raw: expect.stringContaining('缺少 from/msgtime') });
  });

  it('keeps its lease by heartbeat while a batch takes longer than the lease, so no second puller starts', async () => {
    const ds = await fresh();
    const source = serve(conversation());
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const slow: ArchiveSource = {
      kind: source.kind,
      fetch: async (after, limit) => {
        await sleep(3000);
        return source.fetch(after, limit);
      },
      close: () => Promise.resolve(),
    };
    // Leases of 2 s (MariaDB keeps whole seconds), renewed every 250 ms.
    const first = pullArchive(ds, slow, { leaseTtlMs: 2000, heartbeatMs: 250 });
    first.catch(() => undefined);
    await sleep(2400); // past the lease: only heartbeats keep it
    expect(await pullArchive(ds, source, { leaseTtlMs: 2000 })).toMatchObject({ status: 'busy' });
    expect(await first).toMatchObject({ status: 'done', inserted: 17 });
    await source.close();
  });

  it('lets one puller at a time hold the lease and takes over a lease left by a killed puller', async () => {
    const ds = await fresh();
    const source = serve(conversation());
    expect(await acquireLease(ds, 'other-instance', 60_000)).toBe(true);
    expect(await pullArchive(ds, source)).toMatchObject({ status: 'busy', inserted: 0 });
    // The other instance died an hour ago: its lease expired.
    await ds.query(`UPDATE archive_checkpoint SET lease_until = ?`, [
      ds.options.type === 'mysql'
        ? new Date(Date.now() - 3600_000)
        : new Date(Date.now() - 3600_000).toISOString().replace('T', ' ').replace('Z', ''),
    ]);
    expect(await pullArchive(ds, source)).toMatchObject({ status: 'done', inserted: 17 });
    expect((await readCheckpoint(ds)).leaseOwner).toBeNull();
    await source.close();
  });
});
