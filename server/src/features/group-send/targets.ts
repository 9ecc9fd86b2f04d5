import type { DataSource } from 'typeorm';
import type { GroupSendTarget } from '@shared/api/group-send.ts';
import { shanghaiDay } from '@shared/time.ts';
import type { Actor } from '@server/auth/actor.ts';
import { marks, select } from '@server/db/sql.ts';
import { departmentSubtree, staffInDepartments, visibleStaffIds } from '@server/policy/policy.ts';

/** One recipient of a send: a customer (with the guide who sends) or a group (with its owner). */
export interface Recipient {
  customerId: number | null;
  groupId: number | null;
  /** external_userid or chat_id. */
  wecomId: string;
  name: string;
  /** The 称呼 the sending guide set for the customer (never their remark). */
  salutation: string | null;
  staffId: number;
  staffUserid: string;
}

export interface ResolvedTarget {
  recipients: Recipient[];
  /** Matched, but already sent a group message today (WeCom delivers one a day): left out. */
  overDailyLimit: Recipient[];
}

interface TargetRow {
  customer_id: number | null;
  group_id: number | null;
  wecom_id: string;
  name: string;
  salutation: string | null;
  staff_id: number;
  userid: string;
}

/** AND-ed SQL conditions with their parameters. */
class Where {
  readonly parts: string[] = [];
  readonly params: unknown[] = [];
  add(sql: string, values: readonly unknown[]): void {
    this.parts.push(sql);
    this.params.push(...values);
  }
  in(column: string, values: readonly unknown[]): void {
    if (values.length > 0) this.add(`${column} IN (${marks(values.length)})`, values);
  }
  toString(): string {
    return this.parts.length > 0 ? `AND ${this.parts.join(' AND ')}` : '';
  }
}

/** The staff the filter may reach: the actor's scope (policy) narrowed by the chosen guides and stores. */
async function senderScope(ds: DataSource, actor: Actor, staffIds: number[], departmentIds: number[]): Promise<number[] | undefined> {
  let scope = await visibleStaffIds(ds, actor);
  const narrow = (ids: number[]) => {
    scope = scope === undefined ? ids : scope.filter((id) => ids.includes(id));
  };
  if (staffIds.length > 0) narrow(staffIds);
  if (departmentIds.length > 0) narrow(await staffInDepartments(ds, await departmentSubtree(ds, departmentIds)));
  return scope;
}

/**
 * The customers (or groups) a target selects within the actor's scope, each
 * once: a customer followed by several guides in scope is sent by the one who
 * added them last. Those already sent a group message today are set apart.
 */
export async function resolveTarget(ds: DataSource, actor: Actor, target: GroupSendTarget, now: Date): Promise<ResolvedTarget> {
  const rows = target.chatType === 'single' ? await customerRows(ds, actor, target) : await groupRows(ds, actor, target);
  if (rows === undefined) return { recipients: [], overDailyLimit: [] };
  const all: Recipient[] = rows.map((r) => ({
    customerId: r.customer_id === null ? null : Number(r.customer_id),
    groupId: r.group_id === null ? null : Number(r.group_id),
    wecomId: r.wecom_id,
    name: r.name,
    salutation: r.salutation,
    staffId: Number(r.staff_id),
    staffUserid: r.userid,
  }));
  const already = await receivedToday(ds, target.chatType, all, shanghaiDay(now));
  const key = (r: Recipient) => (target.chatType === 'single' ? r.customerId : r.groupId) ?? 0;
  return { recipients: all.filter((r) => !already.has(key(r))), overDailyLimit: all.filter((r) => already.has(key(r))) };
}

async function customerRows(
  ds: DataSource,
  actor: Actor,
  t: Extract<GroupSendTarget, { chatType: 'single' }>,
): Promise<TargetRow[] | undefined> {
  const scope = await senderScope(ds, actor, t.staffIds, t.departmentIds);
  if (scope?.length === 0) return undefined;
  const where = new Where();
  if (scope) where.in('f.staff_id', scope);
  where.in('c.rfm_segment', t.segments);
  where.in('c.lifecycle_stage', t.lifecycle);
  if (t.tagIds.length > 0) {
    where.add(
      `EXISTS (SELECT 1 FROM customer_tag ct JOIN customer_follow tf ON tf.id = ct.follow_id AND tf.lost_at IS NULL
                WHERE ct.customer_id = c.id AND ct.tag_id IN (${marks(t.tagIds.length)}))`,
      t.tagIds,
    );
  }
  const rows = await select<TargetRow & { added_at: unknown }>(
    ds,
    `SELECT c.id AS customer_id, NULL AS group_id, c.external_userid AS wecom_id, c.name, f.salutation, f.staff_id, s.userid, f.added_at
       FROM customer_follow f JOIN customer c ON c.id = f.customer_id JOIN staff s ON s.id = f.staff_id
      WHERE f.lost_at IS NULL AND s.status = 1 ${where.toString()}
      ORDER BY c.id, f.added_at DESC, f.id DESC`,
    where.params,
  );
  // One row per customer: the first of each (latest added follow in scope).
  const seen = new Set<number>();
  return rows.filter((r) => {
    const id = Number(r.customer_id);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

async function groupRows(
  ds: DataSource,
  actor: Actor,
  t: Extract<GroupSendTarget, { chatType: 'group' }>,
): Promise<TargetRow[] | undefined> {
  const scope = await senderScope(ds, actor, t.ownerStaffIds, []);
  if (scope?.length === 0) return undefined;
  const where = new Where();
  if (scope) where.in('s.id', scope);
  if (t.groupTagIds.length > 0) {
    where.add(
      `EXISTS (SELECT 1 FROM group_chat_tag gt WHERE gt.group_id = g.id AND gt.group_tag_id IN (${marks(t.groupTagIds.length)}))`,
      t.groupTagIds,
    );
  }
  return select<TargetRow>(
    ds,
    `SELECT NULL AS customer_id, g.id AS group_id, g.chat_id AS wecom_id, g.name, NULL AS salutation, s.id AS staff_id, s.userid
       FROM group_chat g JOIN staff s ON s.userid = g.owner_userid
      WHERE g.dismissed_at IS NULL AND s.status = 1 ${where.toString()}
      ORDER BY g.id`,
    where.params,
  );
}

/** Customer (or group) ids among `all` that a group send created today already went to (pending or delivered). */
async function receivedToday(ds: DataSource, chatType: 'single' | 'group', all: readonly Recipient[], day: string): Promise<Set<number>> {
  if (all.length === 0) return new Set();
  const column = chatType === 'single' ? 'customer_id' : 'group_id';
  const rows = await select<{ id: number }>(
    ds,
    `SELECT DISTINCT ${column} AS id FROM group_send_recipient WHERE day = ? AND status IN ('pending', 'sent') AND ${column} IS NOT NULL`,
    [day],
  );
  return new Set(rows.map((r) => Number(r.id)));
}
