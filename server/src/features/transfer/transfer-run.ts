import { randomUUID } from 'node:crypto';
import type { AppDeps } from '@server/context.ts';
import { dbTime, marks, select } from '@server/db/sql.ts';
import { log } from '@server/logger.ts';
import { wecomClientFor } from '@server/wecom/client.ts';
import { WecomApiError, isRetryable } from '@server/wecom/errors.ts';
import { TRANSFER_BATCH_MAX, type TransferResultItem } from '@server/wecom/transfer.schemas.ts';
import { applyCompletedTransfers, applyGroupOwner } from './complete.ts';

type Kind = 'onjob' | 'resigned';

interface ItemRow {
  id: number;
  jobId: number;
  kind: Kind;
  target: 'customer' | 'group';
  customerId: number | null;
  groupId: number | null;
  externalId: string;
  handoverUserid: string;
  handoverStaffId: number;
  takeoverUserid: string;
  takeoverStaffId: number;
  message: string | null;
}

/** Hooks for tests: `afterCall` runs after WeCom answered a batch and before the answer is stored (a crash there). */
export interface RunOptions {
  afterCall?: (batch: { size: number; target: 'customer' | 'group' }) => void | Promise<void>;
  now?: () => Date;
}

const runOptions = new WeakMap<AppDeps, RunOptions>();

/** Sets hooks for every later pass of these deps (tests: a crash between WeCom's answer and storing it). */
export function setTransferRunOptions(deps: AppDeps, options: RunOptions): void {
  runOptions.set(deps, options);
}

/** WeCom's "customer is already in a transfer": for a batch we may have sent before, transfer_result tells whose it is. */
const IN_TRANSFER = 40129;

const ITEM_COLUMNS = `t.id, t.job_id, j.kind, t.target, t.customer_id, t.group_id, t.external_id, t.handover_userid, t.handover_staff_id,
  t.takeover_userid, t.takeover_staff_id, j.message`;

function toItem(r: Record<string, unknown>): ItemRow {
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: Number(r.id),
    jobId: Number(r.job_id),
    kind: r.kind as Kind,
    target: r.target as 'customer' | 'group',
    customerId: n(r.customer_id),
    groupId: n(r.group_id),
    externalId: String(r.external_id),
    handoverUserid: String(r.handover_userid),
    handoverStaffId: Number(r.handover_staff_id),
    takeoverUserid: String(r.takeover_userid),
    takeoverStaffId: Number(r.takeover_staff_id),
    message: (r.message as string | null) ?? null,
  };
}

async function itemsWhere(deps: AppDeps, where: string, params: unknown[], limit?: number): Promise<ItemRow[]> {
  const rows = await select<Record<string, unknown>>(
    deps.ds,
    `SELECT ${ITEM_COLUMNS} FROM transfer_item t JOIN transfer_job j ON j.id = t.job_id WHERE ${where} ORDER BY t.job_id, t.handover_userid, t.takeover_userid, t.id${limit ? ' LIMIT ?' : ''}`,
    limit ? [...params, limit] : params,
  );
  return rows.map(toItem);
}

/**
 * One pass of the transfer engine, safe to run again at any point (it is what the job runs):
 * 1. items left 'calling' by a crash are settled from transfer_result / the chat's owner — never sent twice;
 * 2. queued items go out in batches of ≤ 100 per (job, member pair), marked 'calling' before the call;
 * 3. waiting customers are polled with transfer_result (completion after 24 h, refusals);
 * 4. jobs with nothing in flight are closed.
 */
export async function runTransfers(deps: AppDeps, given: RunOptions = {}): Promise<void> {
  const options = { ...runOptions.get(deps), ...given };
  const now = options.now ?? (() => new Date());
  await settleInterrupted(deps, now);
  for (;;) {
    const next = await itemsWhere(deps, "t.state = 'queued'", [], 1);
    const head = next[0];
    if (!head) break;
    const batch = await itemsWhere(
      deps,
      "t.state = 'queued' AND t.job_id = ? AND t.target = ? AND t.handover_userid = ? AND t.takeover_userid = ?",
      [head.jobId, head.target, head.handoverUserid, head.takeoverUserid],
      TRANSFER_BATCH_MAX,
    );
    await sendBatch(deps, batch, options, now);
  }
  await pollWaiting(deps, now);
  await closeJobs(deps, now);
}

async function setState(
  deps: AppDeps,
  ids: number[],
  patch: { state: string; errcode?: number | null; reason?: string | null; takeoverAt?: Date | null; completedAt?: Date | null },
): Promise<void> {
  if (ids.length === 0) return;
  const sets = ['state = ?', 'updated_at = ?'];
  const params: unknown[] = [patch.state, dbTime(new Date())];
  if (patch.errcode !== undefined) {
    sets.push('errcode = ?');
    params.push(patch.errcode);
  }
  if (patch.reason !== undefined) {
    sets.push('reason = ?');
    params.push(patch.reason);
  }
  if (patch.takeoverAt !== undefined) {
    sets.push('takeover_at = ?');
    params.push(dbTime(patch.takeoverAt));
  }
  if (patch.completedAt !== undefined) {
    sets.push('completed_at = ?');
    params.push(dbTime(patch.completedAt));
  }
  await deps.ds.query(`UPDATE transfer_item SET ${sets.join(', ')} WHERE id IN (${marks(ids.length)})`, [...params, ...ids]);
}

async function sendBatch(deps: AppDeps, batch: ItemRow[], options: RunOptions, now: () => Date): Promise<void> {
  const head = batch[0];
  if (!head) return;
  const ids = batch.map((i) => i.id);
  // Marked before the call: after a crash these are settled from WeCom's records, not sent again.
  await deps.ds.query(
    `UPDATE transfer_item SET state = 'calling', batch_key = ?, attempts = attempts + 1, updated_at = ? WHERE id IN (${marks(ids.length)}) AND state = 'queued'`,
    [randomUUID(), dbTime(now()), ...ids],
  );
  const client = wecomClientFor(deps);
  try {
    if (head.target === 'group') {
      const res = await client.transferGroupChats(head.kind, {
        chat_id_list: batch.map((i) => i.externalId),
        new_owner: head.takeoverUserid,
      });
      await options.afterCall?.({ size: batch.length, target: 'group' });
      const failed = new Map(res.failed_chat_list.map((f) => [f.chat_id, f.errcode]));
      const moved = batch.filter((i) => !failed.has(i.externalId));
      await markGroupsMoved(deps, moved, head.takeoverUserid, now());
      for (const [code, items] of groupBy(
        batch.filter((i) => failed.has(i.externalId)),
        (i) => failed.get(i.externalId) ?? 0,
      )) {
        await setState(
          deps,
          items.map((i) => i.id),
          { state: 'failed', errcode: code },
        );
      }
      return;
    }
    const res = await client.transferCustomers(head.kind, {
      handover_userid: head.handoverUserid,
      takeover_userid: head.takeoverUserid,
      external_userid: batch.map((i) => i.externalId),
      ...(head.kind === 'onjob' && head.message ? { transfer_success_msg: head.message } : {}),
    });
    await options.afterCall?.({ size: batch.length, target: 'customer' });
    const codes = new Map(res.customer.map((c) => [c.external_userid, c.errcode]));
    const started = batch.filter((i) => codes.get(i.externalId) === 0);
    await setState(
      deps,
      started.map((i) => i.id),
      { state: 'waiting', errcode: null, reason: null, takeoverAt: new Date(now().getTime() + 24 * 3600_000) },
    );
    const busy = batch.filter((i) => codes.get(i.externalId) === IN_TRANSFER);
    if (busy.length > 0) await settleFromResults(deps, head, busy, now, 'failed');
    for (const [code, items] of groupBy(
      batch.filter((i) => {
        const code = codes.get(i.externalId);
        return code !== 0 && code !== IN_TRANSFER;
      }),
      (i) => codes.get(i.externalId) ?? -1,
    )) {
      await setState(
        deps,
        items.map((i) => i.id),
        { state: 'failed', errcode: code },
      );
    }
  } catch (err) {
    // A business refusal of the whole call (e.g. a takeover without 客户联系) fails every item with its errcode;
    // anything else leaves them 'calling', to be settled from WeCom's records on the next run.
    if (err instanceof WecomApiError && !isRetryable(err)) {
      await setState(deps, ids, { state: 'failed', errcode: err.errcode });
      return;
    }
    throw err;
  }
}

/**
 * Decides items whose fate WeCom knows better than we do (sent before a crash, or answered 40129)
 * from transfer_result: waiting/done/refused as WeCom says; not listed (or 5 无接替记录) → `missing`.
 */
async function settleFromResults(
  deps: AppDeps,
  pair: ItemRow,
  items: ItemRow[],
  now: () => Date,
  missing: 'queued' | 'failed',
): Promise<void> {
  const results = new Map(
    (await wecomClientFor(deps).transferResults(pair.kind, pair.handoverUserid, pair.takeoverUserid)).map((r) => [r.external_userid, r]),
  );
  const absent = items.filter((i) => {
    const r = results.get(i.externalId);
    return !r || r.status === 5;
  });
  if (missing === 'queued')
    await setState(
      deps,
      absent.map((i) => i.id),
      { state: 'queued' },
    );
  else
    await setState(
      deps,
      absent.map((i) => i.id),
      { state: 'failed', errcode: IN_TRANSFER },
    );
  await applyResults(
    deps,
    pair,
    items.filter((i) => !absent.includes(i)),
    results,
    now,
  );
}

/** Applies transfer_result statuses to items of one member pair; completed ones move in our records in the same transaction. */
async function applyResults(
  deps: AppDeps,
  pair: ItemRow,
  items: ItemRow[],
  results: Map<string, TransferResultItem>,
  now: () => Date,
): Promise<void> {
  const done: ItemRow[] = [];
  // One UPDATE per outcome (and per takeover time while waiting), not per customer.
  const outcomes = groupBy(
    items.filter((i) => results.has(i.externalId)),
    (i) => {
      const r = results.get(i.externalId);
      return r ? `${r.status}|${r.takeover_time}` : '';
    },
  );
  for (const [key, group] of outcomes) {
    const [status, time] = key.split('|').map(Number);
    const ids = group.map((i) => i.id);
    if (status === 1) done.push(...group);
    else if (status === 2) await setState(deps, ids, { state: 'waiting', takeoverAt: time ? new Date(time * 1000) : null });
    else if (status === 3) await setState(deps, ids, { state: 'failed', reason: 'customer_refused' });
    else if (status === 4) await setState(deps, ids, { state: 'failed', reason: 'customer_limit_exceed' });
  }
  if (done.length === 0) return;
  const at = new Date(Math.max(...done.map((i) => (results.get(i.externalId)?.takeover_time ?? 0) * 1000), 0) || now().getTime());
  await deps.ds.transaction(async (m) => {
    await applyCompletedTransfers(m, {
      kind: pair.kind,
      handoverStaffId: pair.handoverStaffId,
      takeoverStaffId: pair.takeoverStaffId,
      customers: done.flatMap((i) => (i.customerId === null ? [] : [{ customerId: i.customerId, itemId: i.id, jobId: i.jobId }])),
      at,
    });
    await m.query(
      `UPDATE transfer_item SET state = 'transferred', completed_at = ?, takeover_at = ?, updated_at = ? WHERE id IN (${marks(done.length)})`,
      [dbTime(at), dbTime(at), dbTime(now()), ...done.map((i) => i.id)],
    );
  });
}

/** Items a crashed run left 'calling': settled from WeCom's records (customers) or the chat's owner (groups). */
async function settleInterrupted(deps: AppDeps, now: () => Date): Promise<void> {
  const calling = await itemsWhere(deps, "t.state = 'calling'", []);
  if (calling.length === 0) return;
  log('wecom').info({ items: calling.length }, 'transfer: settling a batch interrupted before its answer was stored');
  for (const [, items] of groupBy(calling, (i) => `${i.target}|${i.kind}|${i.handoverUserid}|${i.takeoverUserid}`)) {
    const head = items[0];
    if (!head) continue;
    if (head.target === 'customer') {
      await settleFromResults(deps, head, items, now, 'queued');
      continue;
    }
    const moved: ItemRow[] = [];
    for (const i of items) {
      const chat = await wecomClientFor(deps).getGroupChat(i.externalId, false);
      if (chat.owner === i.takeoverUserid) moved.push(i);
    }
    await markGroupsMoved(deps, moved, head.takeoverUserid, now());
    await setState(
      deps,
      items.filter((i) => !moved.includes(i)).map((i) => i.id),
      { state: 'queued' },
    );
  }
}

/** Group chats WeCom moved (at once, no 24 h): our owner and the items change together. */
async function markGroupsMoved(deps: AppDeps, moved: ItemRow[], takeoverUserid: string, at: Date): Promise<void> {
  if (moved.length === 0) return;
  await deps.ds.transaction(async (m) => {
    await applyGroupOwner(
      m,
      moved.map((i) => i.groupId ?? 0),
      takeoverUserid,
    );
    await m.query(
      `UPDATE transfer_item SET state = 'transferred', completed_at = ?, takeover_at = ?, updated_at = ? WHERE id IN (${marks(moved.length)})`,
      [dbTime(at), dbTime(at), dbTime(at), ...moved.map((i) => i.id)],
    );
  });
}

/** Polls transfer_result for every member pair with waiting customers (one paged call per pair). */
async function pollWaiting(deps: AppDeps, now: () => Date): Promise<void> {
  const waiting = await itemsWhere(deps, "t.state = 'waiting' AND t.target = 'customer'", []);
  for (const [, items] of groupBy(waiting, (i) => `${i.kind}|${i.handoverUserid}|${i.takeoverUserid}`)) {
    const head = items[0];
    if (!head) continue;
    const results = new Map(
      (await wecomClientFor(deps).transferResults(head.kind, head.handoverUserid, head.takeoverUserid)).map((r) => [r.external_userid, r]),
    );
    await applyResults(deps, head, items, results, now);
  }
}

/** sending → waiting (only WeCom's 24 h left) → finished (nothing in flight). */
async function closeJobs(deps: AppDeps, now: () => Date): Promise<void> {
  const open = await select<{ id: number | string; in_flight: number | string; waiting: number | string }>(
    deps.ds,
    `SELECT j.id,
            SUM(CASE WHEN t.state IN ('queued', 'calling') THEN 1 ELSE 0 END) AS in_flight,
            SUM(CASE WHEN t.state = 'waiting' THEN 1 ELSE 0 END) AS waiting
       FROM transfer_job j JOIN transfer_item t ON t.job_id = j.id
      WHERE j.status <> 'finished' GROUP BY j.id`,
  );
  for (const j of open) {
    if (Number(j.in_flight) > 0) continue;
    const finished = Number(j.waiting) === 0;
    await deps.ds.query('UPDATE transfer_job SET status = ?, finished_at = ?, updated_at = ? WHERE id = ?', [
      finished ? 'finished' : 'waiting',
      finished ? dbTime(now()) : null,
      dbTime(now()),
      Number(j.id),
    ]);
  }
}

function groupBy<T, K>(list: T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const t of list) {
    const k = key(t);
    const l = out.get(k) ?? [];
    l.push(t);
    out.set(k, l);
  }
  return out;
}
