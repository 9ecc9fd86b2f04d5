import { describe, expect, it } from 'vitest';
import { INTERACTION_TYPES, LIFECYCLE_STAGES, RFM_SEGMENTS, SCRIPT_TYPES } from '@shared/enums.ts';
import { scriptBodySchema } from '@shared/scripts/content.ts';
import {
  demoCustomer,
  demoCustomers,
  demoDirectory,
  demoGroupChats,
  demoInteractionsOf,
  demoOptions,
  demoOrdersOf,
  demoScripts,
} from './index.ts';

const small = demoOptions({ customers: 300, groups: 8 });

describe('demo corp generator', () => {
  it('produces identical output for the same seed and different output for another seed', () => {
    const a = [...demoCustomers(small)];
    const b = [...demoCustomers(demoOptions({ customers: 300, groups: 8 }))];
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(demoGroupChats(small))).toBe(JSON.stringify(demoGroupChats(small)));
    expect(JSON.stringify(demoDirectory(small))).toBe(JSON.stringify(demoDirectory(demoOptions({ customers: 300, groups: 8 }))));
    const other = demoOptions({ customers: 300, groups: 8, seed: 7 });
    expect(demoCustomer(other, 5).external_userid).not.toBe(demoCustomer(small, 5).external_userid);
  });

  it('makes customer i independent of the order of calls and of the total size', () => {
    const forward = [0, 1, 2, 150, 299].map((i) => demoCustomer(small, i));
    const backward = [299, 150, 2, 1, 0].map((i) => demoCustomer(small, i)).reverse();
    expect(backward).toEqual(forward);
    const bigger = demoOptions({ customers: 5000, groups: 8 });
    expect(demoCustomer(bigger, 150)).toEqual(demoCustomer(small, 150));
    const c = demoCustomer(small, 42);
    expect(demoOrdersOf(small, c)).toEqual(demoOrdersOf(small, demoCustomer(small, 42)));
    expect(demoInteractionsOf(small, c)).toEqual(demoInteractionsOf(small, c));
  });

  it('has the requested sizes: guides, customers, groups and about ordersPerCustomer orders each', () => {
    const o = demoOptions({ customers: 1000, groups: 10, guides: 12, ordersPerCustomer: 10 });
    const dir = demoDirectory(o);
    expect(dir.staff.filter((s) => s.role === 'guide')).toHaveLength(12);
    expect(dir.staff.some((s) => s.role === 'manager')).toBe(true);
    expect(dir.staff.some((s) => s.role === 'admin')).toBe(true);
    expect(dir.departments.find((d) => d.id === 1)?.parentid).toBe(0);
    const customers = [...demoCustomers(o)];
    expect(customers).toHaveLength(1000);
    expect(demoGroupChats(o)).toHaveLength(10);
    const orders = customers.flatMap((c) => demoOrdersOf(o, c));
    expect(orders.length).toBeGreaterThan(8000);
    expect(orders.length).toBeLessThan(12000);
    const twoFollows = customers.filter((c) => c.follows.length === 2).length / customers.length;
    expect(twoFollows).toBeGreaterThan(0.1);
    expect(twoFollows).toBeLessThan(0.2);
    // RFM variety: never-bought customers, heavy buyers, refunds of both kinds.
    const perCustomer = customers.map((c) => demoOrdersOf(o, c).length);
    expect(perCustomer.filter((n) => n === 0).length).toBeGreaterThan(200);
    expect(Math.max(...perCustomer)).toBeGreaterThan(40);
    expect(orders.some((x) => x.status === 'refunded' && x.refunded_amount === x.paid_amount)).toBe(true);
    expect(orders.some((x) => x.status === 'partially_refunded' && x.refunded_amount > 0 && x.refunded_amount < x.paid_amount)).toBe(true);
    const now = o.now.getTime() / 1000;
    expect(customers.some((c) => c.follows.some((f) => f.createtime > now - 86400))).toBe(true);
    const interactions = customers.flatMap((c) => demoInteractionsOf(o, c));
    const follows = customers.reduce((s, c) => s + c.follows.length, 0);
    expect(interactions.length / follows).toBeGreaterThan(3);
    expect(interactions.length / follows).toBeLessThan(6);
  });

  it('keeps references intact: follow users, tags, group owners and members, orders and interactions', () => {
    const o = small;
    const dir = demoDirectory(o);
    const followUsers = new Set(dir.staff.filter((s) => s.is_follow_user).map((s) => s.userid));
    const staff = new Set(dir.staff.map((s) => s.userid));
    const deptIds = new Set(dir.departments.map((d) => d.id));
    const tagIds = new Set(dir.tagGroups.flatMap((g) => g.tag.map((t) => t.id)));
    for (const d of dir.departments) if (d.id !== 1) expect(deptIds.has(d.parentid)).toBe(true);
    for (const s of dir.staff) for (const d of s.department) expect(deptIds.has(d)).toBe(true);
    const ids = new Set<string>();
    const phones = new Set<string>();
    const now = o.now.getTime();
    for (const c of demoCustomers(o)) {
      expect(ids.has(c.external_userid)).toBe(false);
      ids.add(c.external_userid);
      if (c.phone) {
        expect(c.phone).toMatch(/^1[3-9]\d{9}$/);
        expect(phones.has(c.phone)).toBe(false);
        phones.add(c.phone);
      }
      expect(c.follows.length).toBeGreaterThan(0);
      expect(new Set(c.follows.map((f) => f.userid)).size).toBe(c.follows.length);
      for (const f of c.follows) {
        expect(followUsers.has(f.userid)).toBe(true);
        for (const t of f.tag_ids) expect(tagIds.has(t)).toBe(true);
        expect(f.createtime * 1000).toBeLessThanOrEqual(now);
        expect(f.createtime * 1000).toBeGreaterThan(now - 731 * 86400_000);
      }
      for (const ord of demoOrdersOf(o, c)) {
        expect(ord.items.length).toBeGreaterThan(0);
        expect(ord.total_amount).toBe(ord.items.reduce((s, it) => s + it.quantity * it.unit_price, 0));
        expect(ord.paid_at.getTime()).toBeLessThanOrEqual(now);
        if (ord.guide_userid) expect(c.follows.map((f) => f.userid)).toContain(ord.guide_userid);
      }
      for (const it of demoInteractionsOf(o, c)) {
        expect(INTERACTION_TYPES).toContain(it.type);
        expect(it.customer_external_userid).toBe(c.external_userid);
        if (it.staff_userid) expect(staff.has(it.staff_userid)).toBe(true);
        expect(it.occurred_at.getTime()).toBeLessThanOrEqual(now);
        expect(it.dedupe_key.length).toBeLessThanOrEqual(128);
      }
    }
    for (const g of demoGroupChats(o)) {
      expect(staff.has(g.owner)).toBe(true);
      expect(g.member_list[0]?.userid).toBe(g.owner);
      for (const a of g.admin_list) expect(staff.has(a)).toBe(true);
      expect(new Set(g.member_list.map((m) => m.userid)).size).toBe(g.member_list.length);
      for (const m of g.member_list) {
        if (m.type === 1) expect(staff.has(m.userid)).toBe(true);
        expect(m.join_time).toBeGreaterThanOrEqual(g.create_time);
      }
      expect(g.member_list.filter((m) => m.type === 2 && ids.has(m.userid)).length).toBeGreaterThan(5);
    }
  });

  it('ships a script library of valid script bodies with known targeting values', () => {
    const folders = demoScripts();
    const scripts = folders.flatMap((f) => f.scripts);
    expect(folders.map((f) => f.name)).toEqual(['欢迎语/问候', '产品推荐', '售后关怀', '挽回优惠', '生日祝福', '群发活动']);
    expect(scripts.length).toBeGreaterThanOrEqual(35);
    for (const t of SCRIPT_TYPES) expect(scripts.some((s) => s.type === t)).toBe(true);
    expect(scripts.some((s) => s.for_group)).toBe(true);
    for (const s of scripts) {
      expect(scriptBodySchema.safeParse({ type: s.type, content: s.content }).success).toBe(true);
      for (const seg of s.target_segments) expect(RFM_SEGMENTS).toContain(seg);
      for (const st of s.target_stages) expect(LIFECYCLE_STAGES).toContain(st);
    }
    expect(scripts.some((s) => s.type === 'text' && s.content.text.includes('{客户称呼}'))).toBe(true);
  });
});
