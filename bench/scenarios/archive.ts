/**
 * Session archive throughput against the 5k msg/s budget (DESIGN.md), stage by stage:
 * RSA-decrypting random keys alone (2048-bit, PKCS#1 v1.5), pulling + decrypting through
 * the koffi binding of the compiled stand-in SDK (GetChatData, RSA, DecryptData, slices),
 * and the full pull (fetch, decrypt, store, derive interactions/reply turns, checkpoint)
 * — next to the floor of a raw multi-row INSERT of the same archive_message rows.
 * Runs on the demo corp's real guide↔customer pairs; removes its rows afterwards.
 */
import { availableParallelism } from 'node:os';
import koffi from 'koffi';
import type { DataSource } from 'typeorm';
import {
  compileStandin,
  encryptRecord,
  makeKeyVersion,
  msg,
  privateKeysJson,
  writeStandinData,
} from '../../tests/support/archive-fixtures.ts';
import { ArchiveKeyRing } from '@server/features/archive/keyring.ts';
import { acquireLease, readCheckpoint, releaseLease } from '@server/features/archive/lease.ts';
import { storeBatch } from '@server/features/archive/store.ts';
import { pullArchive } from '@server/features/archive/puller.ts';
import { createSdkSource } from '@server/features/archive/sdk-source.ts';
import { caseUpdate, dbTime, marks, select } from '@server/db/sql.ts';
import type { ArchiveRecord, ChatDataItem } from '@server/features/archive/message.ts';
import type { BenchContext, BenchRow, BenchScenario } from '../types.ts';

const BUDGET = 5000;
const COUNT = { small: 20_000, medium: 50_000, large: 100_000 } as const;
const PREFIX = 'bench-arc-';

type Msg = { msgid: string } & Record<string, unknown>;

/** Conversations over real follow pairs: customer bursts, guide replies, some images and recalls. */
function conversations(pairs: Array<[string, string]>, n: number, start: number): Msg[] {
  const out: Msg[] = [];
  let t = start;
  let i = 0;
  while (out.length < n) {
    const [guide, customer] = pairs[i % pairs.length] ?? ['g', 'wm'];
    const k = out.length;
    t += 7_000;
    const at = new Date(t);
    const id = `${PREFIX}${k}`;
    const step = k % 6;
    if (step < 2) out.push(msg.text(id, customer, guide, at, `第${k}条：请问这款还有货吗`));
    else if (step === 2) out.push(msg.image(id, customer, guide, at));
    else if (step === 3) out.push(msg.text(id, guide, customer, at, `有的，编号${k}给您留好了`));
    else if (step === 4) out.push(msg.text(id, guide, customer, at, '欢迎到店试穿'));
    else {
      out.push(k % 60 === 5 ? msg.revoke(id, guide, customer, at, `${PREFIX}${k - 1}`) : msg.text(id, customer, guide, at, '好的谢谢'));
      i += 1;
    }
  }
  return out;
}

async function cleanup(
  ds: DataSource,
  seq: number,
  total: number,
  lastSeen: Array<{ id: number; last_interaction_at: unknown }>,
): Promise<void> {
  const like = `${PREFIX}%`;
  await ds.query('DELETE FROM archive_message WHERE msgid LIKE ?', [like]);
  await ds.query('DELETE FROM interaction WHERE dedupe_key LIKE ?', [like]);
  await ds.query('DELETE FROM reply_turn WHERE opened_msgid LIKE ?', [like]);
  await ds.query('DELETE FROM archive_flag WHERE msgid LIKE ?', [like]);
  await ds.query('UPDATE archive_checkpoint SET seq = ?, messages_total = ?, lease_owner = NULL, lease_until = NULL', [seq, total]);
  await caseUpdate(ds, {
    table: 'customer',
    key: 'id',
    columns: ['last_interaction_at'],
    rows: lastSeen.map((r) => [r.id, r.last_interaction_at]),
    chunk: 300,
  });
}

export const scenario: BenchScenario = {
  name: 'archive',
  description: 'session archive: RSA, FFI pull+decrypt, full pull into the DB vs a raw batch INSERT, against 5k msg/s',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const n = COUNT[ctx.scale];
    const ds = await ctx.demoDataSource();
    const pairRows: Array<{ userid: string; external_userid: string; customer_id: number }> = await ds.query(
      `SELECT s.userid, c.external_userid, c.id AS customer_id FROM customer_follow f JOIN staff s ON s.id = f.staff_id JOIN customer c ON c.id = f.customer_id
        WHERE f.lost_at IS NULL ORDER BY f.id LIMIT 2000`,
    );
    const pairs = pairRows.map((r): [string, string] => [r.userid, r.external_userid]);
    ctx.log(`archive: ${n} messages over ${pairs.length} guide↔customer pairs; encrypting with two RSA-2048 key versions…`);
    const v1 = makeKeyVersion(1, 'pkcs1');
    const v2 = makeKeyVersion(2, 'pkcs8');
    const keys = ArchiveKeyRing.fromJson(privateKeysJson([v1, v2]));
    const cp = await readCheckpoint(ds);
    const messages = conversations(pairs, n, Date.now() - 3 * 86_400_000);
    const items: ChatDataItem[] = messages.map((m, i) => encryptRecord(cp.seq + i + 1, m, i < n / 2 ? v1 : v2));

    const lib = compileStandin();
    const control = koffi.load(lib);
    const load = control.func('int standin_load_data(const char *path)');
    const liveSlices = control.func('long standin_live_slices()');
    if (Number(load(writeStandinData(items))) !== 0) throw new Error('stand-in could not load the data file');

    // 1. RSA alone.
    const sample = items.slice(0, Math.min(5000, n));
    let t = performance.now();
    for (const it of sample) keys.decryptRandomKey(it.publickey_ver, it.encrypt_random_key);
    const rsaPerSec = sample.length / ((performance.now() - t) / 1000);
    await keys.decryptRandomKeys(sample.slice(0, 100)); // start the workers outside the timing
    t = performance.now();
    for (let i = 0; i < sample.length; i += 1000) await keys.decryptRandomKeys(sample.slice(i, i + 1000));
    const rsaPoolPerSec = sample.length / ((performance.now() - t) / 1000);

    // 2. FFI pull + RSA + DecryptData, no database.
    const source = createSdkSource({ libraryPath: lib, corpId: 'wwbench', secret: 'bench', keys });
    t = performance.now();
    let fetched = 0;
    const decrypted: ArchiveRecord[][] = [];
    for (let seq = cp.seq; ;) {
      const batch = await source.fetch(seq, 1000);
      if (batch.length === 0) break;
      decrypted.push(batch);
      fetched += batch.length;
      seq = batch[batch.length - 1]?.seq ?? seq;
    }
    const ffiPerSec = fetched / ((performance.now() - t) / 1000);

    const touched = [...new Set(pairRows.map((r) => Number(r.customer_id)))];
    const lastSeen: Array<{ id: number; last_interaction_at: unknown }> = [];
    for (let i = 0; i < touched.length; i += 500) {
      const part = touched.slice(i, i + 500);
      const rows = await select<(typeof lastSeen)[number]>(
        ds,
        `SELECT id, last_interaction_at FROM customer WHERE id IN (${marks(part.length)})`,
        part,
      );
      lastSeen.push(...rows);
    }
    try {
      // 3. Store + derive only (already decrypted), one transaction per 1000, as the puller does.
      const owner = 'bench-archive';
      if (!(await acquireLease(ds, owner, 600_000))) throw new Error('archive lease is held by someone else');
      t = performance.now();
      for (const batch of decrypted) await storeBatch(ds, batch, { owner, leaseTtlMs: 600_000 });
      const storePerSec = fetched / ((performance.now() - t) / 1000);
      await releaseLease(ds, owner);
      await cleanup(ds, cp.seq, cp.messagesTotal, lastSeen);

      // 4. Full pull: fetch, decrypt, store, derive, checkpoint — one transaction per 1000.
      t = performance.now();
      const summary = await pullArchive(ds, source, { batchSize: 1000 });
      const pullMs = performance.now() - t;
      const pullPerSec = summary.inserted / (pullMs / 1000);
      ctx.log(
        `archive: pulled ${summary.inserted} (${summary.interactions} interactions, ${summary.turnsOpened} turns) in ${(pullMs / 1000).toFixed(1)} s`,
      );
      await source.close();
      await keys.close();
      if (Number(liveSlices()) !== 0) throw new Error('stand-in slices leaked');

      // 5. Floor: raw multi-row INSERT of the same rows (already plaintext), 1000 per transaction.
      await ds.query('DELETE FROM archive_message WHERE msgid LIKE ?', [`${PREFIX}%`]);
      t = performance.now();
      for (let i = 0; i < messages.length; i += 1000) {
        const chunk = messages.slice(i, i + 1000);
        const params: unknown[] = [];
        for (const [j, m] of chunk.entries()) {
          const at = new Date(typeof m.msgtime === 'number' ? m.msgtime : 0);
          params.push(
            cp.seq + i + j + 1,
            m.msgid,
            String(m.action),
            String(m.msgtype ?? ''),
            String(m.from ?? ''),
            JSON.stringify(m.tolist ?? []),
            dbTime(at),
            JSON.stringify(m),
          );
        }
        await ds.transaction(async (em) => {
          for (let k = 0; k < chunk.length; k += 500) {
            const part = params.slice(k * 8, (k + 500) * 8);
            await em.query(
              `INSERT INTO archive_message (seq, msgid, action, msgtype, sender, tolist, msgtime, content) VALUES ${Array.from({ length: part.length / 8 }, () => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
              part,
            );
          }
        });
      }
      const rawPerSec = n / ((performance.now() - t) / 1000);
      const r = (v: number) => Math.round(v);
      return [
        {
          metric: 'RSA-2048 decrypt of encrypt_random_key, 1 thread',
          value: r(rsaPerSec),
          unit: 'msg/s',
          floor: BUDGET,
          floorLabel: 'budget 5k msg/s',
        },
        {
          metric: 'RSA-2048 decrypt, worker pool (1000/batch)',
          value: r(rsaPoolPerSec),
          unit: 'msg/s',
          floor: r(rsaPerSec * Math.min(4, availableParallelism())),
          floorLabel: `1-thread rate × ${Math.min(4, availableParallelism())} cores (ideal)`,
        },
        {
          metric: 'GetChatData+RSA+DecryptData via koffi (stand-in SDK)',
          value: r(ffiPerSec),
          unit: 'msg/s',
          floor: BUDGET,
          floorLabel: 'budget 5k msg/s',
        },
        {
          metric: 'store + derive only (decrypted batches of 1000)',
          value: r(storePerSec),
          unit: 'msg/s',
          floor: r(rawPerSec),
          floorLabel: 'raw multi-row INSERT of archive_message',
        },
        {
          metric: 'full pull: decrypt, store, derive, checkpoint',
          value: r(pullPerSec),
          unit: 'msg/s',
          floor: BUDGET,
          floorLabel: 'budget 5k msg/s',
        },
        {
          metric: 'full pull vs raw batch INSERT',
          value: r(pullPerSec),
          unit: 'msg/s',
          floor: r(rawPerSec),
          floorLabel: 'raw multi-row INSERT of archive_message',
        },
      ];
    } finally {
      await cleanup(ds, cp.seq, cp.messagesTotal, lastSeen);
    }
  },
};
