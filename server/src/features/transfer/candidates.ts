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
  /** The member whose relation moves (one of the handovers). */
  handover: Handover;
}

export interface GroupCandidate {
  groupId: number;
  chatId: string;
  name: string;
  handover: Handover;
}

/**
 * The customers a filter selects, in one set query: the handovers' active relations (on the job: one
 * guide, or every on-job guide of a store — a customer two of them follow moves once, from the
 * lowest staff id, the other relation stays for a later run) or WeCom's unassigned list for the
 * resigned member (离职继承 can only move what WeCom lists there), narrowed by segment, lifecycle,
 * tag and last contact, without customers already in an open transfer.
 */
export async function selectCandidates(deps: AppDeps, handovers: Handover[], f: TransferFilter, now = new Date()): Promise<Candidate[]> {
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
  type Row = { id: number | string; external_userid: string; name: string; handover_id: number | string };
  const [single] = handovers;
  if (single?.resigned) {
    const waiting = (await wecomClientFor(deps).unassignedCustomers())
      .filter((i) => i.handover_userid === single.userid)
      .map((i) => i.external_userid);
    const rows: Row[] = [];
    for (const part of chunks(waiting, 1000))
      rows.push(
        ...(await select<Row>(
          deps.ds,
          `SELECT c.id, c.external_userid, c.name, ? AS handover_id FROM customer c
            WHERE c.external_userid IN (${marks(part.length)}) AND ${where.join(' AND ')}`,
          [single.staffId, ...part, ...params],
        )),
      );
    return toCandidates(
      rows.sort((a, b) => Number(a.id) - Number(b.id)),
      handovers,
    );
  }
  const ids = handovers.map((h) => h.staffId);
  if (ids.length === 0) return [];
  const rows = await select<Row>(
    deps.ds,
    `SELECT c.id, c.external_userid, c.name, MIN(f.staff_id) AS handover_id
       FROM customer c JOIN customer_follow f ON f.customer_id = c.id AND f.lost_at IS NULL AND f.staff_id IN (${marks(ids.length)})
      WHERE ${where.join(' AND ')}
      GROUP BY c.id, c.external_userid, c.name ORDER BY c.id`,
    [...ids, ...params],
  );
  return toCandidates(rows, handovers);
}

function toCandidates(
  rows: Array<{ id: number | string; external_userid: string; name: string; handover_id: number | string }>,
  handovers: Handover[],
): Candidate[] {
  const byId = new Map(handovers.map((h) => [h.staffId, h]));
  return rows.flatMap((r) => {
    const handover = byId.get(Number(r.handover_id));
    return handover ? [{ customerId: Number(r.id), externalUserid: r.external_userid, name: r.name, handover }] : [];
  });
}

/** The handovers' customer group chats (not dismissed, not already in an open transfer). */
export async function selectGroupCandidates(deps: AppDeps, handovers: Handover[]): Promise<GroupCandidate[]> {
  if (handovers.length === 0) return [];
  const byUserid = new Map(handovers.map((h) => [h.userid, h]));
  const rows = await select<{ id: number | string; chat_id: string; name: string; owner_userid: string }>(
    deps.ds,
    `SELECT g.id, g.chat_id, g.name, g.owner_userid FROM group_chat g
      WHERE g.owner_userid IN (${marks(handovers.length)}) AND g.dismissed_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM transfer_item t WHERE t.group_id = g.id AND t.state IN (${marks(OPEN_STATES.length)}))
      ORDER BY g.id`,
    [...byUserid.keys(), ...OPEN_STATES],
  );
  return rows.flatMap((r) => {
    const handover = byUserid.get(r.owner_userid);
    return handover ? [{ groupId: Number(r.id), chatId: r.chat_id, name: r.name, handover }] : [];
  });
}

/** Resigned members' waiting customers per userid (WeCom's unassigned list), for the page's picker. */
export async function unassignedCounts(deps: AppDeps): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const i of await wecomClientFor(deps).unassignedCustomers()) counts.set(i.handover_userid, (counts.get(i.handover_userid) ?? 0) + 1);
  return counts;
}
