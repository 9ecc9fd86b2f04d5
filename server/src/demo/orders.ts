/**
 * The shop half: two years of orders of one customer, as the shop/ERP feed
 * would send them (money in fen). Which identity keys an order carries depends
 * on where it was placed (mini-program → unionid, store POS → member_no/phone,
 * guide's share link → external_userid + guide), so identity resolution and
 * attribution have real work to do.
 */
import { PREMIUM_ENTRIES, PRODUCT_ENTRIES } from './catalog.ts';
import { DAY_S, unix } from './options.ts';
import { customerProfile } from './profile.ts';
import { rngFor } from './random.ts';
import type { DemoCustomer, DemoOptions, DemoOrder } from './types.ts';

const COUPONS = [0, 0, 0, 1000, 2000, 3000, 5000];

/** Every order of the customer, oldest first; deterministic per (seed, customer index). */
export function demoOrdersOf(o: DemoOptions, customer: DemoCustomer): DemoOrder[] {
  const profile = customerProfile(o, customer.index);
  if (profile.orderCount === 0) return [];
  const r = rngFor(o.seed, 'orders', customer.index);
  const now = unix(o.now);
  const from = Math.max(profile.orderFrom, now - 730 * DAY_S);
  const to = Math.max(from + 60, Math.min(profile.orderTo, now - 60));
  const times: number[] = [];
  for (let k = 0; k < profile.orderCount; k++) times.push(r.int(from, to));
  times.sort((a, b) => a - b);
  // The last order of an active buyer is recent, so recency separates actives from the lapsed.
  const guides = customer.follows.map((f) => f.userid);
  const heavy = profile.archetype === 'heavy';
  const orders: DemoOrder[] = [];
  times.forEach((t, k) => {
    const lineCount = r.weighted<number>([
      [1, 55],
      [2, 28],
      [3, 12],
      [4, 5],
    ]);
    const items: DemoOrder['items'] = [];
    const used = new Set<string>();
    for (let l = 0; l < lineCount; l++) {
      const p = r.weighted(heavy ? PREMIUM_ENTRIES : PRODUCT_ENTRIES);
      if (used.has(p.sku)) continue;
      used.add(p.sku);
      items.push({
        sku: p.sku,
        name: p.name,
        quantity: r.weighted<number>([
          [1, 80],
          [2, 15],
          [3, 5],
        ]),
        unit_price: p.price,
      });
    }
    const total = items.reduce((s, it) => s + it.quantity * it.unit_price, 0);
    const coupon = total >= 29900 ? r.pick(COUPONS) : 0;
    const paid = total - coupon;
    const paidAt = new Date(t * 1000);
    const status = r.weighted<DemoOrder['status']>([
      ['paid', 91],
      ['refunded', 4],
      ['partially_refunded', 3],
      ['cancelled', 2],
    ]);
    let refunded = 0;
    let updatedAt = paidAt;
    if (status === 'refunded' || status === 'partially_refunded') {
      const first = items[0]!;
      refunded = status === 'refunded' || (items.length === 1 && first.quantity === 1) ? paid : Math.min(paid - 1, first.unit_price);
      updatedAt = new Date(Math.min(now - 30, t + r.int(3600, 14 * DAY_S)) * 1000);
    }
    if (status === 'cancelled') updatedAt = new Date(Math.min(now - 30, t + r.int(300, 3 * 3600)) * 1000);
    // Where the order was placed decides which identity keys it carries.
    let channel = r.weighted<'mp' | 'pos' | 'link'>([
      ['mp', 45],
      ['pos', 35],
      ['link', 20],
    ]);
    // A guide's share link needs the guide relation to exist already.
    if (channel === 'link' && t < (customer.follows[0]?.createtime ?? 0)) channel = 'pos';
    const order: DemoOrder = {
      source: 'shop',
      order_no: `MM${shanghaiCompact(paidAt)}${String(customer.index).padStart(7, '0')}${String(k).padStart(3, '0')}`,
      status: status === 'partially_refunded' && refunded === paid ? 'refunded' : status,
      total_amount: total,
      paid_amount: status === 'cancelled' ? 0 : paid,
      refunded_amount: refunded,
      paid_at: paidAt,
      updated_at: updatedAt,
      external_userid: null,
      unionid: null,
      phone: null,
      member_no: null,
      guide_userid: null,
      items,
    };
    if (channel === 'mp') {
      order.unionid = customer.unionid ?? null;
      if (customer.phone && r.chance(0.5)) order.phone = customer.phone;
    } else if (channel === 'pos') {
      order.member_no = customer.member_no;
      if (customer.phone && (!customer.member_no || r.chance(0.4))) order.phone = customer.phone;
      if (guides.length > 0 && r.chance(0.7)) order.guide_userid = r.pick(guides);
    } else {
      order.external_userid = customer.external_userid;
      if (guides.length > 0) order.guide_userid = r.pick(guides);
    }
    orders.push(order);
  });
  return orders;
}

/** yyyymmdd of the instant in Asia/Shanghai (order numbers carry the local date). */
function shanghaiCompact(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
}
