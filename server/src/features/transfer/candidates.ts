import type { TransferFilter } from '@shared/api/transfer.ts';
import type { AppDeps } from '@server/context.ts';
import { chunks, dbTime, marks, select } from '@server/db/sql.ts';
import { wecomClientFor } from '@server/wecom/client.ts';

/** Staff status 5 = 退出企业 (the sync keeps members who left, marked so). */
export const STATUS_LEFT = 5;
/** Items still in flight: a customer in one of these is not offered again. */
export const OPEN_STATES = ['queued', 'calling', 'waiting'] as const;

export interface Handover {
  staffId: number;
  userid: string;
  name: string;
  resigned: boolean;
}

export interface Candidate {
  customerId: number;
  externalUserid: string;
  name: string;
}

export interface GroupCandidate {
  groupId: number;
  chatId: string;
  name: string;
}

/**
 * The customers a filter selects, in one set query: the handover's active relations (on the job)
 * or WeCom's unassigned list for the resigned member (离职继承 can only move what WeCom lists
 * there), narrowed by segment, lifecycle, tag and last contact, without customers already in an
 * open transfer.
 */
export async function selectCandidates(deps: AppDeps, handover: Handover, f: TransferFilter, now = new Date()): Promise<Candidate[]> {
  const where: string[] = [
    `NOT EXISTS (SELECT 1 FROM transfer_item t WHERE t.customer_id = c.id AND t.state IN (${marks(OPEN_STATES.length)}))`,
  ];
  const params: unknown[] = [...OPEN_STATES];
  if (f.segments?.length) {
    where.push(`c.rfm_segment IN (${marks(f.segments.length)})`);
    params.push(...f.segments);
  }
  if (f.lifecycles?.length) {
    where.push(`c.lifecycle_stage IN (${marks(f.lifecycles.length)})`);
    params.push(...f.lifecycles);
  }
  if (f.tagIds?.length) {
    where.push(`EXISTS (SELECT 1 FROM customer_tag ct WHERE ct.customer_id = c.id AND ct.tag_id IN (${marks(f.tagIds.length)}))`);
    params.push(...f.tagIds);
  }
  if (f.silentDays) {
    where.push('(c.last_interaction_at IS NULL OR c.last_interaction_at < ?)');
    params.push(dbTime(now.getTime() - f.silentDays * 86_400_000));
  }
  if (f.activeDays) {
    where.push('c.last_interaction_at >= ?');
    params.push(dbTime(now.getTime() - f.activeDays * 86_400_000));
  }
  const query = (source: string, sourceParams: unknown[]) =>
    select<{ id: number | string; external_userid: string; name: string }>(
      deps.ds,
      `SELECT c.id, c.external_userid, c.name FROM customer c WHERE ${source} AND ${where.join(' AND ')} ORDER BY c.id`,
      [...sourceParams, ...params],
    );
  let rows: Array<{ id: number | string; external_userid: string; name: string }> = [];
  if (handover.resigned) {
    const waiting = (await wecomClientFor(deps).unassignedCustomers())
      .filter((i) => i.handover_userid === handover.userid)
      .map((i) => i.external_userid);
    for (const part of chunks(waiting, 1000)) rows.push(...(await query(`c.external_userid IN (${marks(part.length)})`, part)));
    rows = rows.sort((a, b) => Number(a.id) - Number(b.id));
  } else {
    rows = await query('c.id IN (SELECT f.customer_id FROM customer_follow f WHERE f.staff_id = ? AND f.lost_at IS NULL)', [
      handover.staffId,
    ]);
  }
  return rows.map((r) => ({ customerId: Number(r.id), externalUserid: r.external_userid, name: r.name }));
}

/** The handover's customer group chats (not dismissed, not already in an open transfer). */
export async function selectGroupCandidates(deps: AppDeps, handover: Handover): Promise<GroupCandidate[]> {
  const rows = await select<{ id: number | string; chat_id: string; name: string }>(
    deps.ds,
    `SELECT g.id, g.chat_id, g.name FROM group_chat g
      WHERE g.owner_userid = ? AND g.dismissed_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM transfer_item t WHERE t.group_id = g.id AND t.state IN (${marks(OPEN_STATES.length)}))
      ORDER BY g.id`,
    [handover.userid, ...OPEN_STATES],
  );
  return rows.map((r) => ({ groupId: Number(r.id), chatId: r.chat_id, name: r.name }));
}

/** Resigned members' waiting customers per userid (WeCom's unassigned list), for the page's picker. */
export async function unassignedCounts(deps: AppDeps): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const i of await wecomClientFor(deps).unassignedCustomers()) counts.set(i.handover_userid, (counts.get(i.handover_userid) ?? 0) + 1);
  return counts;
}
