/**
 * Turns generated demo entities into table rows (column lists + values) for
 * the bulk writer. Ids are assigned here, explicitly, so children reference
 * their parents without reading anything back.
 */
import type { AttributionRule } from '@shared/enums.ts';
import { isCountedOrder } from '@shared/rfm/score.ts';
import { shanghaiDay } from '@shared/time.ts';
import { interactionPayloadSchema } from '@shared/timeline/payloads.ts';
import type { DemoScriptFolder } from '@server/demo/scripts.ts';
import type { DemoCustomer, DemoDirectory, DemoInteraction, DemoOrder } from '@server/demo/types.ts';
import { dbTime } from '@server/db/sql.ts';
import { RowBuffer } from './sql.ts';

/** Buffers of every table the customer stream writes. */
export function customerBuffers() {
  return {
    customer: new RowBuffer('customer', [
      'id',
      'external_userid',
      'name',
      'avatar',
      'type',
      'gender',
      'unionid',
      'corp_name',
      'phone',
      'member_no',
      'birthday',
      'first_added_at',
      'last_interaction_at',
      'order_count',
      'total_spent',
      'last_order_at',
      'lifecycle_stage',
    ]),
    follow: new RowBuffer('customer_follow', [
      'id',
      'customer_id',
      'staff_id',
      'remark',
      'description',
      'salutation',
      'remark_corp_name',
      'remark_mobiles',
      'add_way',
      'state',
      'oper_userid',
      'added_at',
    ]),
    tag: new RowBuffer('customer_tag', ['follow_id', 'tag_id', 'customer_id', 'created_at']),
    order: new RowBuffer('orders', [
      'id',
      'source',
      'order_no',
      'status',
      'total_amount',
      'paid_amount',
      'refunded_amount',
      'paid_at',
      'source_updated_at',
      'external_userid',
      'unionid',
      'phone',
      'member_no',
      'customer_id',
      'staff_id',
      'attribution',
    ]),
    item: new RowBuffer('order_item', ['order_id', 'sku', 'name', 'quantity', 'unit_price', 'amount']),
    interaction: new RowBuffer('interaction', ['customer_id', 'staff_id', 'type', 'occurred_at', 'day', 'source', 'dedupe_key', 'payload']),
  };
}
export type CustomerBuffers = ReturnType<typeof customerBuffers>;

const NOT_CONTACT = new Set(['order_paid', 'order_refunded', 'segment_changed']);

/** The denormalised metric columns of a customer, from their orders and interactions. */
export function customerMetrics(c: DemoCustomer, orders: DemoOrder[], interactions: DemoInteraction[]) {
  let orderCount = 0;
  let totalSpent = 0;
  let lastOrderAt: number | null = null;
  for (const o of orders) {
    if (!isCountedOrder({ status: o.status, paidAmount: o.paid_amount, refundedAmount: o.refunded_amount, paidAt: o.paid_at })) continue;
    orderCount++;
    totalSpent += o.paid_amount - o.refunded_amount;
    lastOrderAt = Math.max(lastOrderAt ?? 0, o.paid_at.getTime());
  }
  let lastInteractionAt: number | null = null;
  for (const i of interactions) if (!NOT_CONTACT.has(i.type)) lastInteractionAt = Math.max(lastInteractionAt ?? 0, i.occurred_at.getTime());
  const firstAddedAt = Math.min(...c.follows.map((f) => f.createtime)) * 1000;
  return { orderCount, totalSpent, lastOrderAt, lastInteractionAt, firstAddedAt };
}

/**
 * Who an order is attributed to, by the rules in ATTRIBUTION_RULES order: the guide named by the order,
 * else the last guide who interacted before payment, else the only follower, else nobody.
 */
export function attribute(
  c: DemoCustomer,
  order: DemoOrder,
  interactions: DemoInteraction[],
): { userid: string | null; rule: AttributionRule } {
  if (order.guide_userid) return { userid: order.guide_userid, rule: 'payload_guide' };
  const paid = order.paid_at.getTime();
  let last: DemoInteraction | null = null;
  for (const i of interactions) {
    if (i.occurred_at.getTime() > paid) break;
    if (i.staff_userid && !NOT_CONTACT.has(i.type)) last = i;
  }
  if (last?.staff_userid) return { userid: last.staff_userid, rule: 'last_interaction' };
  const only = c.follows.length === 1 ? c.follows[0] : undefined;
  if (only) return { userid: only.userid, rule: 'only_follow' };
  return { userid: null, rule: 'none' };
}

export interface Ids {
  customer: number;
  follow: number;
  order: number;
}

/** Adds the customer row, follows and their tags. */
export function addCustomerRows(
  b: CustomerBuffers,
  ids: Ids,
  customerId: number,
  c: DemoCustomer,
  staffIds: Map<string, number>,
  m: ReturnType<typeof customerMetrics>,
): void {
  b.customer.add([
    customerId,
    c.external_userid,
    c.name,
    c.avatar,
    c.type,
    c.gender,
    c.unionid ?? null,
    c.corp_name ?? null,
    c.phone,
    c.member_no,
    c.birthday,
    dbTime(m.firstAddedAt),
    dbTime(m.lastInteractionAt),
    m.orderCount,
    m.totalSpent,
    dbTime(m.lastOrderAt),
    'aware',
  ]);
  for (const f of c.follows) {
    const followId = ids.follow++;
    const added = dbTime(f.createtime * 1000);
    b.follow.add([
      followId,
      customerId,
      staffIdOf(staffIds, f.userid),
      f.remark || null,
      f.description || null,
      f.salutation ?? null,
      f.remark_corp_name ?? null,
      f.remark_mobiles,
      f.add_way,
      f.state ?? null,
      f.oper_userid,
      added,
    ]);
    for (const t of f.tag_ids) b.tag.add([followId, t, customerId, added]);
  }
}

/** Adds the orders with their items. */
export function addOrderRows(
  b: CustomerBuffers,
  ids: Ids,
  customerId: number,
  c: DemoCustomer,
  orders: DemoOrder[],
  interactions: DemoInteraction[],
  staffIds: Map<string, number>,
): void {
  for (const o of orders) {
    const orderId = ids.order++;
    const who = attribute(c, o, interactions);
    b.order.add([
      orderId,
      o.source,
      o.order_no,
      o.status,
      o.total_amount,
      o.paid_amount,
      o.refunded_amount,
      o.status === 'cancelled' ? null : dbTime(o.paid_at),
      dbTime(o.updated_at),
      o.external_userid,
      o.unionid,
      o.phone,
      o.member_no,
      customerId,
      who.userid ? staffIdOf(staffIds, who.userid) : null,
      who.rule,
    ]);
    for (const it of o.items) b.item.add([orderId, it.sku, it.name, it.quantity, it.unit_price, it.quantity * it.unit_price]);
  }
}

/**
 * Adds the interactions (source 'seed'); `skipTypes` leaves out events another writer already recorded.
 * The bulk path bypasses recordInteractions for speed, so each payload is checked against the same schema here.
 */
export function addInteractionRows(
  b: CustomerBuffers,
  customerId: number,
  interactions: DemoInteraction[],
  staffIds: Map<string, number>,
  skipTypes: ReadonlySet<string>,
): void {
  for (const i of interactions) {
    if (skipTypes.has(i.type)) continue;
    const { payload } = interactionPayloadSchema.parse({ type: i.type, payload: i.payload });
    b.interaction.add([
      customerId,
      i.staff_userid ? staffIdOf(staffIds, i.staff_userid) : null,
      i.type,
      dbTime(i.occurred_at),
      shanghaiDay(i.occurred_at),
      'seed',
      i.dedupe_key,
      payload,
    ]);
  }
}

function staffIdOf(staffIds: Map<string, number>, userid: string): number {
  const id = staffIds.get(userid);
  if (id === undefined) throw new Error(`demo seed: staff ${userid} is not in the database`);
  return id;
}

/** Department, staff, membership and tag rows of the directory. */
export function directoryBuffers(dir: DemoDirectory, staffBase: number) {
  const department = new RowBuffer('department', ['id', 'name', 'parent_id', 'sort_order']);
  const staff = new RowBuffer('staff', [
    'id',
    'userid',
    'name',
    'avatar',
    'position',
    'gender',
    'status',
    'main_department_id',
    'role',
    'is_follow_user',
  ]);
  const staffDept = new RowBuffer('staff_department', ['staff_id', 'department_id', 'is_leader']);
  const tagGroup = new RowBuffer('tag_group', ['id', 'name', 'sort_order', 'created_at', 'deleted']);
  const tag = new RowBuffer('tag', ['id', 'group_id', 'name', 'sort_order', 'created_at', 'deleted']);
  for (const d of dir.departments) department.add([d.id, d.name, d.parentid === 0 ? null : d.parentid, d.order]);
  dir.staff.forEach((s, i) => {
    const id = staffBase + i;
    staff.add([id, s.userid, s.name, s.avatar, s.position, Number(s.gender), s.status, s.main_department, s.role, s.is_follow_user]);
    s.department.forEach((d, k) => {
      const leader =
        s.is_leader_in_dept[k] === 1 || (dir.departments.find((x) => x.id === d)?.department_leader.includes(s.userid) ?? false);
      staffDept.add([id, d, leader]);
    });
  });
  for (const g of dir.tagGroups) {
    tagGroup.add([g.group_id, g.group_name, g.order, dbTime(g.create_time * 1000), 0]);
    for (const t of g.tag) tag.add([t.id, g.group_id, t.name, t.order, dbTime(t.create_time * 1000), 0]);
  }
  return [department, staff, staffDept, tagGroup, tag];
}

/** Script folders and scripts of the demo library (corp scope). */
export function scriptBuffers(folders: DemoScriptFolder[], folderBase: number) {
  const folder = new RowBuffer('script_folder', ['id', 'name', 'parent_id', 'scope', 'owner_staff_id', 'sort_order']);
  const script = new RowBuffer('script', [
    'folder_id',
    'scope',
    'owner_staff_id',
    'type',
    'title',
    'content',
    'for_group',
    'target_segments',
    'target_stages',
    'target_tag_ids',
    'valid_from',
    'valid_to',
    'conditions',
    'send_count',
  ]);
  folders.forEach((f, i) => {
    const id = folderBase + i;
    folder.add([id, f.name, null, 'corp', null, f.sort_order]);
    for (const s of f.scripts) {
      script.add([
        id,
        'corp',
        null,
        s.type,
        s.title,
        s.content,
        s.for_group,
        s.target_segments,
        s.target_stages,
        '[]',
        s.valid_from ?? null,
        s.valid_to ?? null,
        s.conditions ? JSON.stringify(s.conditions) : null,
        0,
      ]);
    }
  });
  return [folder, script];
}
