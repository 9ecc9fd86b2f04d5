import type { DataSource } from 'typeorm';
import type { Actor } from '@server/auth/actor.ts';
import { forbiddenChat, forbiddenCustomer, forbiddenGroup, forbiddenReport, forbiddenTransfer } from '@server/http/error-catalog.ts';
import { marks, num, select, selectOne } from '@server/db/sql.ts';

/**
 * The one place that decides who may see what.
 * - admin: everything
 * - manager: their own data plus that of staff in the departments they lead (and sub-departments)
 * - guide: customers they actively follow, groups they own or belong to, their own reports
 * - conversations (archived chat text, wherever it is shown): a guide their own, managers those of their scope;
 *   what a customer said in a group chat, to whoever may see that group
 */

/** Staff ids whose data the actor may see (undefined = everyone, for admins). */
export async function visibleStaffIds(ds: DataSource, actor: Actor): Promise<number[] | undefined> {
  if (actor.role === 'admin') return undefined;
  if (actor.role === 'guide') return [actor.staffId];
  // The led departments and the directory version in one statement (version: see departmentChildren).
  const led = await select<{ department_id: unknown; tree_at: unknown; tree_top: unknown }>(
    ds,
    `SELECT department_id, ${TREE_VERSION_SQL} FROM staff_department WHERE staff_id = ? AND is_leader = 1`,
    [actor.staffId],
  );
  const first = led[0];
  if (!first) return [actor.staffId];
  const scope = subtree(
    await departmentChildren(ds, treeVersion(first)),
    led.map((r) => num(r.department_id)),
  );
  return [...new Set([actor.staffId, ...(await staffInDepartments(ds, scope))])];
}

/**
 * The directory version: the directory sync stamps `updated_at` on a department only when it
 * changes, and a new department has a new id; both maxima are one index lookup
 * (idx_department_updated, the primary key).
 */
const TREE_VERSION_SQL = '(SELECT MAX(updated_at) FROM department) AS tree_at, (SELECT MAX(id) FROM department) AS tree_top';
const treeVersion = (r: { tree_at: unknown; tree_top: unknown }): string => `${String(r.tree_at)}/${String(r.tree_top)}`;

type Children = Map<number, number[]>;
const treeCache = new WeakMap<DataSource, { version: string; children: Promise<Children> }>();

/** The department tree (children by parent), read once per directory version instead of on every manager request. */
async function departmentChildren(ds: DataSource, version: string): Promise<Children> {
  const hit = treeCache.get(ds);
  if (hit && hit.version === version) return hit.children;
  const children = (async () => {
    const departments = await select<{ id: unknown; parent_id: unknown }>(ds, 'SELECT id, parent_id FROM department');
    const map: Children = new Map();
    for (const d of departments) {
      if (d.parent_id === null) continue;
      const parent = num(d.parent_id);
      const list = map.get(parent) ?? [];
      list.push(num(d.id));
      map.set(parent, list);
    }
    return map;
  })();
  treeCache.set(ds, { version, children });
  children.catch(() => treeCache.delete(ds));
  return children;
}

/** The given departments and all their descendants. */
export async function departmentSubtree(ds: DataSource, rootIds: number[]): Promise<number[]> {
  if (rootIds.length === 0) return [];
  const version = await selectOne<{ tree_at: unknown; tree_top: unknown }>(ds, `SELECT ${TREE_VERSION_SQL}`);
  return subtree(await departmentChildren(ds, version ? treeVersion(version) : ''), rootIds);
}

function subtree(children: Children, rootIds: number[]): number[] {
  const scope = new Set<number>();
  const stack = [...rootIds];
  while (stack.length > 0) {
    const id = stack.pop() as number;
    if (scope.has(id)) continue;
    scope.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return [...scope];
}

/** Staff ids that belong to any of these departments. */
export async function staffInDepartments(ds: DataSource, departmentIds: number[]): Promise<number[]> {
  if (departmentIds.length === 0) return [];
  const rows = await select<{ staff_id: number }>(
    ds,
    `SELECT DISTINCT staff_id FROM staff_department WHERE department_id IN (${marks(departmentIds.length)})`,
    departmentIds,
  );
  return rows.map((r) => Number(r.staff_id));
}

/**
 * Whether the actor may see a customer followed (actively) by these staff members: the same rule
 * as canSeeCustomer for a caller that has already loaded the follows, so it costs no statement
 * for guides and admins.
 */
export async function canSeeCustomerFollowedBy(ds: DataSource, actor: Actor, followerStaffIds: readonly number[]): Promise<boolean> {
  const staffIds = await visibleStaffIds(ds, actor);
  if (staffIds === undefined) return true;
  return followerStaffIds.some((id) => staffIds.includes(id));
}

/** True when the actor may see this customer. */
export async function canSeeCustomer(ds: DataSource, actor: Actor, customerId: number): Promise<boolean> {
  const staffIds = await visibleStaffIds(ds, actor);
  if (staffIds === undefined) return true;
  const row = await selectOne(
    ds,
    `SELECT 1 FROM customer_follow WHERE customer_id = ? AND lost_at IS NULL AND staff_id IN (${marks(staffIds.length)}) LIMIT 1`,
    [customerId, ...staffIds],
  );
  return row !== undefined;
}

/** Throws 403 forbidden_customer unless the actor may see the customer. */
export async function assertCustomerAccess(ds: DataSource, actor: Actor, customerId: number): Promise<void> {
  if (!(await canSeeCustomer(ds, actor, customerId))) throw forbiddenCustomer();
}

/** True when the actor may see this group chat: owner, staff member of it, or a manager/admin above the owner. */
export async function canSeeGroup(ds: DataSource, actor: Actor, groupId: number): Promise<boolean> {
  const staffIds = await visibleStaffIds(ds, actor);
  if (staffIds === undefined) return true;
  const inStaff = marks(staffIds.length);
  const row = await selectOne(
    ds,
    `SELECT 1 FROM group_chat g JOIN staff s ON s.userid = g.owner_userid WHERE g.id = ? AND s.id IN (${inStaff})
     UNION ALL
     SELECT 1 FROM group_member m WHERE m.group_id = ? AND m.left_at IS NULL AND m.staff_id IN (${inStaff})`,
    [groupId, ...staffIds, groupId, ...staffIds],
  );
  return row !== undefined;
}

/**
 * The canSeeGroup rule as an SQL condition on `column` (a group_chat id), for filtering many rows
 * in one statement: the group's owner or a current staff member of it is in the actor's scope.
 * Undefined = every group (admins). A NULL column never matches.
 */
export async function visibleGroupCondition(
  ds: DataSource,
  actor: Actor,
  column: string,
): Promise<{ sql: string; params: number[] } | undefined> {
  const staffIds = await visibleStaffIds(ds, actor);
  if (staffIds === undefined) return undefined;
  const inStaff = marks(staffIds.length);
  return {
    sql: `(${column} IN (SELECT g.id FROM group_chat g JOIN staff s ON s.userid = g.owner_userid WHERE s.id IN (${inStaff}))
       OR ${column} IN (SELECT m.group_id FROM group_member m WHERE m.left_at IS NULL AND m.staff_id IN (${inStaff})))`,
    params: [...staffIds, ...staffIds],
  };
}

export async function assertGroupAccess(ds: DataSource, actor: Actor, groupId: number): Promise<void> {
  if (!(await canSeeGroup(ds, actor, groupId))) throw forbiddenGroup();
}

/** Throws 403 forbidden_report unless the actor may see every one of these staff members' data. */
export async function assertStaffAccess(ds: DataSource, actor: Actor, staffIds: number[]): Promise<void> {
  const visible = await visibleStaffIds(ds, actor);
  if (visible === undefined) return;
  const allowed = new Set(visible);
  if (staffIds.some((id) => !allowed.has(id))) throw forbiddenReport();
}

/**
 * Staff whose 1v1 conversations with this customer the actor may read (undefined = all, for admins):
 * a guide their own, a manager those of staff in their scope. The same rule for the transcript
 * (/chat) and for message items anywhere else (the timeline). A customer handed over (在职/离职继承)
 * brings its history: whoever took it over reads the conversations of the guides before them.
 */
export async function conversationStaffIds(ds: DataSource, actor: Actor, customerId: number): Promise<number[] | undefined> {
  const own = await visibleStaffIds(ds, actor);
  if (own === undefined) return undefined;
  const ids = new Set(own);
  // Follow the chain of completed transfers back (A → B → C: C reads B's and A's), a few steps at most.
  let frontier = [...ids];
  for (let step = 0; step < 5 && frontier.length > 0; step++) {
    const rows = await select<{ handover_staff_id: number }>(
      ds,
      `SELECT DISTINCT handover_staff_id FROM transfer_item
        WHERE customer_id = ? AND state = 'transferred' AND takeover_staff_id IN (${marks(frontier.length)})`,
      [customerId, ...frontier],
    );
    frontier = rows.map((r) => Number(r.handover_staff_id)).filter((id) => !ids.has(id));
    for (const id of frontier) ids.add(id);
  }
  return [...ids];
}

/** Throws 403 unless the actor may read this customer's conversation with this staff member. */
export async function assertConversationAccess(ds: DataSource, actor: Actor, customerId: number, staffId: number): Promise<void> {
  await assertCustomerAccess(ds, actor, customerId);
  const allowed = await conversationStaffIds(ds, actor, customerId);
  if (allowed === undefined || allowed.includes(staffId)) return;
  if (actor.role === 'guide') throw forbiddenChat();
  throw forbiddenReport();
}

/**
 * Departments whose channel codes (渠道活码) the actor manages: an admin all
 * (undefined), a manager the departments they lead with their sub-departments,
 * a guide none.
 */
export async function managedDepartmentIds(ds: DataSource, actor: Actor): Promise<number[] | undefined> {
  if (actor.role === 'admin') return undefined;
  if (actor.role === 'guide') return [];
  const led = await select<{ department_id: number }>(
    ds,
    'SELECT department_id FROM staff_department WHERE staff_id = ? AND is_leader = 1',
    [actor.staffId],
  );
  return departmentSubtree(
    ds,
    led.map((r) => Number(r.department_id)),
  );
}

/**
 * Transfers (在职/离职继承): admins move anyone's customers, managers those of staff in their
 * departments to staff in their departments; guides never. Throws 403 forbidden_transfer.
 */
export async function assertTransferScope(ds: DataSource, actor: Actor, staffIds: number[]): Promise<void> {
  if (actor.role === 'guide') throw forbiddenTransfer();
  const visible = await visibleStaffIds(ds, actor);
  if (visible === undefined) return;
  const allowed = new Set(visible);
  if (staffIds.some((id) => !allowed.has(id))) throw forbiddenTransfer();
}
