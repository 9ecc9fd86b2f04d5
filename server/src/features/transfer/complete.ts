import type { EntityManager } from 'typeorm';
import { bulkInsert, dbTime, marks, select } from '@server/db/sql.ts';
import { recordInteractions } from '@server/features/timeline/index.ts';

/** Customers of one member pair whose WeCom transfer completed. */
export interface CompletedPair {
  kind: 'onjob' | 'resigned';
  handoverStaffId: number;
  takeoverStaffId: number;
  /** Each customer with the transfer item that moved them (the timeline entry's natural key). */
  customers: Array<{ customerId: number; itemId: number; jobId: number }>;
  at: Date;
}

/**
 * Applies completed transfers to our records, set-based per member pair, inside the caller's
 * transaction: the handover's relation ends (lost_reason 'transferred', so the old guide loses
 * access — the policy only lets guides see customers they actively follow), the takeover gets a
 * relation with the old remark, description, phones and tags, and open reminders move to the new
 * guide. Interactions, notes and orders keep who did them, so reports attribute what happened
 * before the transfer to the old guide and what happens after to the new one. The customer's
 * timeline gets a 转交 entry (keyed on the item, so a second pass adds none). Idempotent.
 */
export async function applyCompletedTransfers(m: EntityManager, pair: CompletedPair): Promise<void> {
  const ids = pair.customers.map((c) => c.customerId);
  if (ids.length === 0) return;
  const inIds = `(${marks(ids.length)})`;
  const old = await select<{
    id: number | string;
    customer_id: number | string;
    remark: string | null;
    description: string | null;
    remark_corp_name: string | null;
    remark_mobiles: string | null;
    add_way: number | string;
  }>(
    m,
    `SELECT id, customer_id, remark, description, remark_corp_name, remark_mobiles, add_way FROM customer_follow
      WHERE staff_id = ? AND customer_id IN ${inIds}`,
    [pair.handoverStaffId, ...ids],
  );
  await m.query(
    `UPDATE customer_follow SET lost_at = ?, lost_reason = 'transferred', updated_at = ? WHERE staff_id = ? AND customer_id IN ${inIds} AND lost_at IS NULL`,
    [dbTime(pair.at), dbTime(pair.at), pair.handoverStaffId, ...ids],
  );
  // Ended already by WeCom's own news of the transfer (a sync that no longer saw it): it was a hand-over all the same.
  await m.query(
    `UPDATE customer_follow SET lost_reason = 'transferred', updated_at = ?
      WHERE staff_id = ? AND customer_id IN ${inIds} AND lost_reason = 'unseen_in_sync'`,
    [dbTime(pair.at), pair.handoverStaffId, ...ids],
  );
  const byCustomer = new Map(old.map((f) => [Number(f.customer_id), f]));
  await bulkInsert(
    m,
    'customer_follow',
    [
      'customer_id',
      'staff_id',
      'remark',
      'description',
      'remark_corp_name',
      'remark_mobiles',
      'add_way',
      'added_at',
      'created_at',
      'updated_at',
    ],
    ids.map((id) => {
      const f = byCustomer.get(id);
      return [
        id,
        pair.takeoverStaffId,
        f?.remark ?? null,
        f?.description ?? null,
        f?.remark_corp_name ?? null,
        f?.remark_mobiles ?? '[]',
        Number(f?.add_way ?? 0),
        pair.at,
        pair.at,
        pair.at,
      ];
    }),
    { ignore: true },
  );
  // A takeover who once followed the customer gets the relation back.
  await m.query(
    `UPDATE customer_follow SET lost_at = NULL, lost_reason = NULL, updated_at = ? WHERE staff_id = ? AND customer_id IN ${inIds} AND lost_at IS NOT NULL`,
    [dbTime(pair.at), pair.takeoverStaffId, ...ids],
  );
  const fresh = await select<{ id: number | string; customer_id: number | string }>(
    m,
    `SELECT id, customer_id FROM customer_follow WHERE staff_id = ? AND customer_id IN ${inIds}`,
    [pair.takeoverStaffId, ...ids],
  );
  const newFollow = new Map(fresh.map((f) => [Number(f.customer_id), Number(f.id)]));
  if (old.length > 0) {
    const tags = await select<{ follow_id: number | string; tag_id: string; customer_id: number | string }>(
      m,
      `SELECT follow_id, tag_id, customer_id FROM customer_tag WHERE follow_id IN (${marks(old.length)})`,
      old.map((f) => f.id),
    );
    await bulkInsert(
      m,
      'customer_tag',
      ['follow_id', 'tag_id', 'customer_id', 'created_at'],
      tags.flatMap((t) => {
        const follow = newFollow.get(Number(t.customer_id));
        return follow === undefined ? [] : [[follow, t.tag_id, Number(t.customer_id), pair.at]];
      }),
      { ignore: true },
    );
  }
  await m.query(
    `UPDATE follow_up SET staff_id = ?, updated_at = ? WHERE staff_id = ? AND customer_id IN ${inIds} AND done_at IS NULL AND remind_at IS NOT NULL`,
    [pair.takeoverStaffId, dbTime(pair.at), pair.handoverStaffId, ...ids],
  );
  await recordTransferred(m, pair);
}

/** The 转交 entry on each customer's timeline, with both guides' names as they are now. */
async function recordTransferred(m: EntityManager, pair: CompletedPair): Promise<void> {
  const staff = await select<{ id: number | string; userid: string; name: string }>(
    m,
    'SELECT id, userid, name FROM staff WHERE id IN (?, ?)',
    [pair.handoverStaffId, pair.takeoverStaffId],
  );
  const from = staff.find((s) => Number(s.id) === pair.handoverStaffId);
  const to = staff.find((s) => Number(s.id) === pair.takeoverStaffId);
  await recordInteractions(
    m,
    pair.customers.map((c) => ({
      customerId: c.customerId,
      staffId: pair.takeoverStaffId,
      type: 'transferred' as const,
      occurredAt: pair.at,
      source: 'transfer' as const,
      dedupeKey: `transfer:${c.itemId}`,
      payload: {
        kind: pair.kind,
        fromUserid: from?.userid ?? '',
        fromName: from?.name ?? '',
        toUserid: to?.userid ?? '',
        toName: to?.name ?? '',
        jobId: c.jobId,
      },
    })),
  );
}

/** A group chat that changed owner: ours follows at once (WeCom moves groups without the 24 h wait). */
export async function applyGroupOwner(m: EntityManager, groupIds: number[], newOwnerUserid: string): Promise<void> {
  if (groupIds.length === 0) return;
  await m.query(`UPDATE group_chat SET owner_userid = ? WHERE id IN (${marks(groupIds.length)})`, [newOwnerUserid, ...groupIds]);
}
