import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importResultSchema } from '@shared/api/orders.ts';
import { sessionHeaders } from '../../../../tests/support/auth.ts';
import { startTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { jobRunnerFor } from '@server/jobs/index.ts';
import { attachUnmatchedOrders } from './attach.ts';
import { parseCsv } from './csv.ts';
import { ordersFromCsv } from './csv-orders.ts';
import { importOrdersCsv, invalidReportCsv } from './import-csv.ts';
import { normalizeMobile } from './phone.ts';
import { num } from '@server/db/sql.ts';

const run = promisify(execFile);
const SECRET = 'test-order-webhook-secret';
const sign = (body: string, secret = SECRET) => createHmac('sha256', secret).update(body).digest('hex');

const order = (over: Record<string, unknown> = {}) => ({
  order_no: 'A1',
  source: 'shop',
  status: 'paid',
  total_amount: 10000,
  paid_amount: 10000,
  refunded_amount: 0,
  paid_at: '2026-05-01T10:00:00Z',
  updated_at: '2026-05-01T10:00:00Z',
  items: [{ sku: 'S1', name: '围巾', quantity: 2, unit_price: 5000 }],
  external_userid: 'wm_a',
  ...over,
});

describe('order ingestion, identity, attribution and the profile order list', () => {
  let app: TestApp;
  const ids: Record<string, number> = {};
  const q = <T = Record<string, unknown>>(sql: string, p: unknown[] = []): Promise<T[]> => app.deps.ds.query(sql, p);
  const post = (payload: unknown, sig?: string | null) => {
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (sig !== null) headers['x-signature'] = sig ?? sign(body);
    return app.request('/api/integrations/orders', { method: 'POST', headers, body });
  };
  const customer = async (id: number) =>
    (
      await q<{ order_count: unknown; total_spent: unknown; last_order_at: unknown; lifecycle_stage: string }>(
        'SELECT order_count, total_spent, last_order_at, lifecycle_stage FROM customer WHERE id = ?',
        [id],
      )
    )[0]!;

  beforeAll(async () => {
    app = await startTestApp({ ORDER_WEBHOOK_SECRET: SECRET, ADMIN_USERIDS: 'boss' });
    for (const u of ['g_a', 'g_b', 'g_c', 'boss']) {
      await q(`INSERT INTO staff (userid, name, role, status, is_follow_user) VALUES (?, ?, 'guide', 1, 1)`, [u, `导购${u}`]);
      ids[u] = num((await q<{ id: unknown }>('SELECT id FROM staff WHERE userid = ?', [u]))[0]!.id);
    }
    await q(`INSERT INTO customer (id, external_userid, name, unionid, phone, member_no) VALUES
      (1,'wm_a','甲',NULL,NULL,NULL),(2,'wm_b','乙','un_b',NULL,NULL),(3,'wm_c','丙',NULL,'13900001111',NULL),
      (4,'wm_d','丁',NULL,NULL,'VIP0009'),(5,'wm_e','戊',NULL,NULL,NULL),(6,'wm_f','己',NULL,NULL,NULL)`);
    // 甲 followed by g_a and g_b (g_b chatted last before the purchase); 乙 only by g_c; 戊 remark mobile.
    await q(
      `INSERT INTO customer_follow (customer_id, staff_id, remark_mobiles, added_at) VALUES
      (1, ?, '[]', '2026-01-01 00:00:00'), (1, ?, '[]', '2026-01-01 00:00:00'), (2, ?, '[]', '2026-01-01 00:00:00'),
      (5, ?, '["+86 138-0013-8000","13800138000"]', '2026-01-01 00:00:00'), (3, ?, '[]', '2026-01-01 00:00:00')`,
      [ids.g_a, ids.g_b, ids.g_c, ids.g_a, ids.g_a],
    );
    await q(
      `INSERT INTO interaction (customer_id, staff_id, type, occurred_at, day, source, payload) VALUES
      (1, ?, 'message_out', '2026-04-20 00:00:00', '2026-04-20', 'archive', '{}'),
      (1, ?, 'message_out', '2026-04-30 00:00:00', '2026-04-30', 'archive', '{}'),
      (1, ?, 'message_out', '2026-05-02 00:00:00', '2026-05-02', 'archive', '{}')`,
      [ids.g_a, ids.g_b, ids.g_a],
    );
  });
  afterAll(async () => {
    await jobRunnerFor(app.deps)
      .whenIdle(undefined, 20_000)
      .catch(() => undefined);
    await app.stop();
  });

  it('normalises mainland mobiles (+86, spaces, dashes) and rejects others', () => {
    expect(normalizeMobile('+86 138-0013-8000')).toBe('13800138000');
    expect(normalizeMobile('0086 13800138000')).toBe('13800138000');
    expect(normalizeMobile('8613800138000')).toBe('13800138000');
    expect(normalizeMobile('021-12345678')).toBeNull();
  });

  it('refuses unsigned or wrongly signed deliveries with 401 and writes nothing', async () => {
    const res1 = await post(order(), null);
    const res2 = await post(order(), sign('something else'));
    const res3 = await post(order(), sign(JSON.stringify(order()), 'another-secret'));
    for (const r of [res1, res2, res3]) {
      expect(r.status).toBe(401);
      expect(((await r.json()) as { error: { id: string } }).error.id).toBe('invalid_signature');
    }
    expect(await q('SELECT id FROM orders')).toEqual([]);
  });

  it('rejects an invalid order with 400 and Chinese reasons', async () => {
    const res = await post(order({ status: 'shipped', paid_amount: -1 }));
    expect(res.status).toBe(400);
    const text = JSON.stringify(await res.json());
    expect(text).toContain('订单状态 status 只能是');
    expect(text).toContain('不能为负数');
  });

  it('stores a paid order once: a repeated delivery changes nothing; customer metrics and timeline are right', async () => {
    const r1 = await post(order());
    expect(await r1.json()).toEqual({ received: 1, inserted: 1, updated: 0, ignored: 0, unmatched: 0 });
    const r2 = await post(order());
    expect(await r2.json()).toEqual({ received: 1, inserted: 0, updated: 0, ignored: 1, unmatched: 0 });
    const [o] = await q<{ customer_id: unknown; staff_id: unknown; attribution: string }>(
      `SELECT customer_id, staff_id, attribution FROM orders WHERE order_no = 'A1'`,
    );
    expect(num(o!.customer_id)).toBe(1);
    // g_b chatted on 04-30, the latest before the 05-01 purchase (g_a's 05-02 message is after it).
    expect([num(o!.staff_id), o!.attribution]).toEqual([ids.g_b, 'last_interaction']);
    expect(await q(`SELECT sku, quantity, amount FROM order_item`)).toEqual([{ sku: 'S1', quantity: 2, amount: 10000 }]);
    const c = await customer(1);
    expect([num(c.order_count), num(c.total_spent)]).toEqual([1, 10000]);
    expect(await q(`SELECT type, dedupe_key FROM interaction WHERE source = 'orders'`)).toEqual([
      { type: 'order_paid', dedupe_key: expect.stringMatching(/^order_paid:\d+$/) },
    ]);
  });

  it('applies a newer refund, ignores an older update arriving late, and never double counts', async () => {
    const refund = order({ status: 'partially_refunded', refunded_amount: 4000, updated_at: '2026-05-03T00:00:00Z' });
    expect(await (await post(refund)).json()).toMatchObject({ updated: 1 });
    // An older version (e.g. a retried first delivery) must not overwrite the refund.
    expect(await (await post(order({ updated_at: '2026-05-02T00:00:00Z' }))).json()).toMatchObject({ ignored: 1, updated: 0 });
    const [o] = await q<{ status: string; refunded_amount: unknown }>(`SELECT status, refunded_amount FROM orders WHERE order_no = 'A1'`);
    expect([o!.status, num(o!.refunded_amount)]).toEqual(['partially_refunded', 4000]);
    let c = await customer(1);
    expect([num(c.order_count), num(c.total_spent)]).toEqual([1, 6000]);
    // Full refund: the order no longer counts at all.
    await post(order({ status: 'refunded', refunded_amount: 10000, updated_at: '2026-05-04T00:00:00Z' }));
    await post(order({ status: 'refunded', refunded_amount: 10000, updated_at: '2026-05-04T00:00:00Z' }));
    c = await customer(1);
    expect([num(c.order_count), num(c.total_spent), c.last_order_at]).toEqual([0, 0, null]);
    const events = await q<{ type: string }>(`SELECT type FROM interaction WHERE source = 'orders' ORDER BY id`);
    expect(events.map((e) => e.type)).toEqual(['order_paid', 'order_refunded', 'order_refunded']);
  });

  it('accepts a batch, resolving identity by unionid, phone (customer.phone and remark_mobiles) and member_no; keeps unmatched orders', async () => {
    const res = await post({
      orders: [
        order({ order_no: 'B1', external_userid: null, unionid: 'un_b' }),
        order({ order_no: 'B2', external_userid: null, phone: '+86 139-0000-1111' }),
        order({ order_no: 'B3', external_userid: null, phone: '13800138000' }),
        order({ order_no: 'B4', external_userid: null, member_no: 'VIP0009', guide_userid: 'g_c' }),
        order({ order_no: 'B5', external_userid: 'wm_nobody', unionid: 'un_later' }),
        order({ order_no: 'B5', external_userid: 'wm_nobody', unionid: 'un_later', updated_at: '2026-04-01T00:00:00Z' }),
      ],
    });
    expect(await res.json()).toEqual({ received: 6, inserted: 5, updated: 0, ignored: 1, unmatched: 1 });
    const rows = await q<{ order_no: string; customer_id: unknown; staff_id: unknown; attribution: string }>(
      `SELECT order_no, customer_id, staff_id, attribution FROM orders WHERE order_no LIKE 'B%' ORDER BY order_no`,
    );
    expect(
      rows.map((r) => [
        r.order_no,
        r.customer_id === null ? null : num(r.customer_id),
        r.staff_id === null ? null : num(r.staff_id),
        r.attribution,
      ]),
    ).toEqual([
      ['B1', 2, ids.g_c, 'only_follow'],
      ['B2', 3, ids.g_a, 'only_follow'],
      ['B3', 5, ids.g_a, 'only_follow'],
      ['B4', 4, ids.g_c, 'payload_guide'],
      ['B5', null, null, 'none'],
    ]);
    const boss = await sessionHeaders(app, 'boss');
    const list = (await (await app.request('/api/admin/orders/unmatched?limit=10', { headers: boss })).json()) as {
      items: Array<{ orderNo: string }>;
      total: number;
    };
    expect(list.total).toBe(1);
    expect(list.items.map((i) => i.orderNo)).toEqual(['B5']);
    expect((await app.request('/api/admin/orders/unmatched', { headers: await sessionHeaders(app, 'g_a') })).status).toBe(403);
  });

  it('writes the member number and birthday an order carries onto the matched customer, and refuses an impossible birthday', async () => {
    await q(`INSERT INTO customer (id, external_userid, name) VALUES (7, 'wm_g', '庚')`);
    const bad = await post(order({ order_no: 'MB0', external_userid: 'wm_g', birthday: '02-30' }));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('生日 birthday 应为 MM-DD 或 YYYY-MM-DD 的有效日期');
    expect((await post(order({ order_no: 'MB1', external_userid: 'wm_g', member_no: 'MM0066', birthday: '1988-07-09' }))).status).toBe(200);
    const [row] = await q<{ member_no: string; birthday: string }>('SELECT member_no, birthday FROM customer WHERE id = 7');
    expect(row).toEqual({ member_no: 'MM0066', birthday: '07-09' });
  });

  it('attaches an unmatched order once the sync reveals the customer, with metrics and timeline', async () => {
    await q(`UPDATE customer SET unionid = 'un_later' WHERE id = 6`);
    expect(await attachUnmatchedOrders(app.deps, { customerIds: [6] })).toBe(1);
    expect(await attachUnmatchedOrders(app.deps, { customerIds: [6] })).toBe(0);
    const [o] = await q<{ customer_id: unknown; attribution: string }>(`SELECT customer_id, attribution FROM orders WHERE order_no = 'B5'`);
    expect([num(o!.customer_id), o!.attribution]).toEqual([6, 'none']);
    const c = await customer(6);
    expect([num(c.order_count), num(c.total_spent), c.lifecycle_stage]).toEqual([1, 10000, 'churn_risk']);
    expect(await q(`SELECT type FROM interaction WHERE customer_id = 6`)).toEqual([{ type: 'order_paid' }]);
  });

  it("attaches by a phone that later appears in a follow relation's remark_mobiles, attributing to that only guide", async () => {
    await post(order({ order_no: 'M1', external_userid: null, phone: '15011112222' }));
    expect(await attachUnmatchedOrders(app.deps, { customerIds: [6] })).toBe(0);
    await q(
      `INSERT INTO customer_follow (customer_id, staff_id, remark_mobiles, added_at) VALUES (6, ?, '["150-1111-2222"]', '2026-01-01 00:00:00')`,
      [ids.g_c],
    );
    // Formatted numbers are normalised when checked, but the LIKE needs the 11 digits contiguous.
    expect(await attachUnmatchedOrders(app.deps, { customerIds: [6] })).toBe(0);
    await q(`UPDATE customer_follow SET remark_mobiles = '["+8615011112222"]' WHERE customer_id = 6`);
    expect(await attachUnmatchedOrders(app.deps)).toBe(1);
    const [o] = await q<{ customer_id: unknown; staff_id: unknown; attribution: string }>(
      `SELECT customer_id, staff_id, attribution FROM orders WHERE order_no = 'M1'`,
    );
    expect([num(o!.customer_id), num(o!.staff_id), o!.attribution]).toEqual([6, ids.g_c, 'only_follow']);
  });

  it("lists a customer's orders newest first with items, keyset-paginated, only for guides who follow them", async () => {
    for (let i = 1; i <= 3; i++)
      await post(
        order({ order_no: `P${i}`, external_userid: 'wm_c', paid_at: `2026-05-1${i}T00:00:00Z`, updated_at: `2026-05-1${i}T00:00:00Z` }),
      );
    const headers = await sessionHeaders(app, 'g_a');
    const p1 = (await (await app.request('/api/customers/3/orders?limit=2', { headers })).json()) as {
      items: Array<{ orderNo: string; items: unknown[]; guide: { userid: string } | null }>;
      nextCursor: string;
    };
    expect(p1.items.map((o) => o.orderNo)).toEqual(['P3', 'P2']);
    expect(p1.items[0]!.items).toEqual([{ sku: 'S1', name: '围巾', quantity: 2, unitPrice: 5000, amount: 10000 }]);
    const p2 = (await (await app.request(`/api/customers/3/orders?limit=2&cursor=${p1.nextCursor}`, { headers })).json()) as {
      items: Array<{ orderNo: string }>;
      nextCursor: string | null;
    };
    expect(p2.items.map((o) => o.orderNo)).toEqual(['P1', 'B2']);
    expect(p2.nextCursor).toBeNull();
    expect((await app.request('/api/customers/3/orders', { headers: await sessionHeaders(app, 'g_b') })).status).toBe(403);
    expect((await app.request('/api/customers/3/orders?cursor=zzz', { headers })).status).toBe(400);
    // A forged cursor time is a 400 invalid_cursor, not an unparsable Date reaching the query.
    for (const p of ['garbage', '9999-12-31T23:59:59-10:00']) {
      const forged = Buffer.from(JSON.stringify({ p, i: 1 })).toString('base64url');
      const res = await app.request(`/api/customers/3/orders?cursor=${forged}`, { headers });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { id: string } }).error.id).toBe('invalid_cursor');
    }
  });

  it('answers 422 value_out_of_range for amounts, quantities, line totals and years beyond the bounds, and writes nothing', async () => {
    const nobody = { external_userid: 'wm_bounds' };
    const item = (quantity: number, unit_price: number) => ({ items: [{ sku: 'S1', name: '围巾', quantity, unit_price }] });
    const outOfRange = [
      order({ order_no: 'X1', ...nobody, ...item(1e6, 1e13) }),
      order({ order_no: 'X2', ...nobody, ...item(1e5, 1e7) }),
      order({ order_no: 'X3', ...nobody, total_amount: 1e11 + 1 }),
      order({ order_no: 'X4', ...nobody, updated_at: '9999-12-31T23:59:59-10:00' }),
      order({ order_no: 'X5', ...nobody, paid_at: '2101-01-01T00:00:00+08:00' }),
      { orders: [order({ order_no: 'X6', ...nobody }), order({ order_no: 'X7', ...nobody, ...item(1, 1e12) })] },
    ];
    for (const payload of outOfRange) {
      const res = await post(payload);
      expect(res.status).toBe(422);
      const body = (await res.json()) as { error: { id: string; message: string; details: Array<{ path: string; message: string }> } };
      expect(body.error).toMatchObject({ id: 'value_out_of_range', message: '金额、数量或日期超出允许范围' });
      expect(body.error.details.length).toBeGreaterThan(0);
    }
    const x1 = (await (await post(outOfRange[0])).json()) as { error: { details: Array<{ path: string; message: string }> } };
    expect(x1.error.details).toEqual([
      { path: 'orders.0.items.0.quantity', message: '数量不能超过 100000' },
      { path: 'orders.0.items.0.unit_price', message: '单价不能超过 100000000000 分（10 亿元）' },
    ]);
    // Impossible dates are malformed input (400), never rolled over into the next month.
    const feb31 = await post(order({ order_no: 'X8', ...nobody, paid_at: '2026-02-31T10:00:00Z' }));
    expect(feb31.status).toBe(400);
    expect(JSON.stringify(await feb31.json())).toContain('不是真实存在的日期或时间');
    // A range error next to a malformed field is reported with it as one 400.
    expect((await post(order({ order_no: 'X9', ...nobody, status: 'shipped', total_amount: 1e12 }))).status).toBe(400);
    expect(await q(`SELECT order_no FROM orders WHERE order_no LIKE 'X%'`)).toEqual([]);
    // The bounds themselves are accepted and stored exactly.
    const edge = await post(
      order({ order_no: 'X10', ...nobody, total_amount: 1e11, paid_amount: 1e11, paid_at: '2100-12-31T23:59:59+08:00', ...item(1e5, 1e6) }),
    );
    expect(edge.status).toBe(200);
    const [stored] = await q<{ total_amount: unknown; amount: unknown; quantity: unknown }>(
      `SELECT o.total_amount, i.amount, i.quantity FROM orders o JOIN order_item i ON i.order_id = o.id WHERE o.order_no = 'X10'`,
    );
    expect([num(stored!.total_amount), num(stored!.amount), num(stored!.quantity)]).toEqual([1e11, 1e11, 1e5]);
  });

  it('refuses the webhook with a clear error while ORDER_WEBHOOK_SECRET is unset', async () => {
    const other = await startTestApp();
    try {
      const res = await other.request('/api/integrations/orders', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { id: string; message: string } }).error).toMatchObject({ id: 'order_webhook_disabled' });
    } finally {
      await other.stop();
    }
  });
});

describe('CSV import', () => {
  let app: TestApp;
  const q = <T = Record<string, unknown>>(sql: string, p: unknown[] = []): Promise<T[]> => app.deps.ds.query(sql, p);
  const count = async (sql: string) => num((await q<{ n: unknown }>(sql))[0]?.n);
  beforeAll(async () => {
    app = await startTestApp({ ADMIN_USERIDS: 'boss' });
    await q(`INSERT INTO staff (userid, name, role, status, is_follow_user) VALUES ('boss','老板','guide',1,1),('g_a','导购','guide',1,1)`);
    await q(`INSERT INTO customer (id, external_userid, name, member_no) VALUES (1,'wm_a','甲',NULL),(2,'wm_b','乙','VIP0009')`);
    await q(
      `INSERT INTO customer_follow (customer_id, staff_id, remark_mobiles, added_at) VALUES (2, 1, '["13800138000"]', '2026-01-01 00:00:00')`,
    );
  });
  beforeEach(async () => {
    await q('DELETE FROM order_item');
    await q('DELETE FROM orders');
    await q('DELETE FROM interaction');
  });
  afterAll(async () => {
    await jobRunnerFor(app.deps)
      .whenIdle(undefined, 20_000)
      .catch(() => undefined);
    await app.stop();
  });

  it('imports the documented sample: items grouped per order, quoted commas kept, identities resolved', async () => {
    const text = readFileSync(resolve(import.meta.dirname, '../../../../tests/fixtures/orders-sample.csv'), 'utf8');
    const res = await importOrdersCsv(app.deps.ds, text);
    expect(res).toMatchObject({ rows: 5, received: 4, inserted: 4, invalid: [], unmatched: 1 });
    const items = await q<{ name: string }>(
      `SELECT i.name FROM order_item i JOIN orders o ON o.id = i.order_id WHERE o.order_no = 'SO1003'`,
    );
    expect(items).toEqual([{ name: '护手霜, 50ml' }]);
    const rows = await q<{ order_no: string; customer_id: unknown }>(`SELECT order_no, customer_id FROM orders ORDER BY order_no`);
    expect(rows.map((r) => [r.order_no, r.customer_id === null ? null : num(r.customer_id)])).toEqual([
      ['SO1001', 1],
      ['SO1002', 2],
      ['SO1003', 2],
      ['SO1004', null],
    ]);
  });

  it('takes an optional birthday column and writes it, with member_no, onto the matched customer', async () => {
    const csv = [
      'order_no,source,status,paid_amount,paid_at,updated_at,external_userid,member_no,birthday',
      'C1,pos,paid,100,2026-05-01T10:00:00Z,2026-05-01T10:00:00Z,wm_a,MM0001,03-08',
    ].join('\n');
    const res = await importOrdersCsv(app.deps.ds, csv);
    expect(res).toMatchObject({ inserted: 1, invalid: [] });
    expect(await q('SELECT member_no, birthday FROM customer WHERE id = 1')).toEqual([{ member_no: 'MM0001', birthday: '03-08' }]);
  });

  it('reports broken rows with their line number and reason and imports the rest', async () => {
    const csv = [
      'order_no,source,status,total_amount,paid_amount,refunded_amount,paid_at,updated_at,external_userid,unionid,phone,member_no,guide_userid,sku,name,quantity,unit_price',
      'C1,shop,paid,100,100,0,2026-05-01T00:00:00Z,2026-05-01T00:00:00Z,wm_a,,,,,S1,商品,1,100',
      'C2,shop,shipped,100,100,0,2026-05-01T00:00:00Z,2026-05-01T00:00:00Z,wm_a,,,,,S1,商品,1,100',
      'C3,shop,paid,100,abc,0,2026-05-01T00:00:00Z,2026-05-01T00:00:00Z,wm_a,,,,,S1,商品,1,100',
      'C4,shop,paid,100,100,0,2026-05-01T00:00:00Z',
      'C5,shop,paid,100,100,0,,2026-05-01T00:00:00Z,wm_a,,,,,S1,商品,1,100',
      'C6,shop,paid,100,100,0,2026-05-01T00:00:00Z,2026-05-01T00:00:00Z,wm_a,,,,,S1,商品,1,100',
    ].join('\n');
    const res = await importOrdersCsv(app.deps.ds, csv);
    expect(res.invalid.map((x) => x.line)).toEqual([3, 4, 5, 6]);
    expect(res.invalid[0]!.reason).toContain('订单状态');
    expect(res.invalid[1]!.reason).toContain('实付金额必须是非负整数');
    expect(res.invalid[2]!.reason).toContain('列数不对');
    expect(res.invalid[3]!.reason).toContain('支付时间');
    expect(res.inserted).toBe(2);
  });

  it('a crash after N batches leaves whole batches only, and a re-run imports nothing twice', async () => {
    const header =
      'order_no,source,status,total_amount,paid_amount,refunded_amount,paid_at,updated_at,external_userid,unionid,phone,member_no,guide_userid,sku,name,quantity,unit_price';
    const lines = Array.from({ length: 10 }, (_, i) => [
      `D${i},shop,paid,200,200,0,2026-05-0${(i % 9) + 1}T00:00:00Z,2026-05-0${(i % 9) + 1}T00:00:00Z,wm_b,,,,,S1,商品,1,100`,
      `D${i},shop,paid,200,200,0,2026-05-0${(i % 9) + 1}T00:00:00Z,2026-05-0${(i % 9) + 1}T00:00:00Z,wm_b,,,,,S2,赠品,1,100`,
    ]).flat();
    const csv = [header, ...lines].join('\n');
    await expect(
      importOrdersCsv(app.deps.ds, csv, {
        batchSize: 3,
        afterBatch: (i) => {
          if (i === 1) throw new Error('crash');
        },
      }),
    ).rejects.toThrow('crash');
    expect(await count('SELECT COUNT(*) AS n FROM orders')).toBe(6);
    expect(await count('SELECT COUNT(*) AS n FROM order_item')).toBe(12);
    const again = await importOrdersCsv(app.deps.ds, csv, { batchSize: 3 });
    expect(again).toMatchObject({ inserted: 4, ignored: 6, updated: 0 });
    expect(await count('SELECT COUNT(*) AS n FROM orders')).toBe(10);
    const [c] = await q<{ order_count: unknown; total_spent: unknown }>('SELECT order_count, total_spent FROM customer WHERE id = 2');
    expect([num(c!.order_count), num(c!.total_spent)]).toEqual([10, 2000]);
    expect(await count(`SELECT COUNT(*) AS n FROM interaction WHERE type = 'order_paid'`)).toBe(10);
  });

  it('POST /api/admin/orders/import takes text/csv from admins only', async () => {
    const csv =
      'order_no,source,status,paid_amount,paid_at,updated_at,external_userid\nE1,shop,paid,500,2026-05-01T00:00:00Z,2026-05-01T00:00:00Z,wm_a\nE2,shop,paid,x,2026-05-01T00:00:00Z,2026-05-01T00:00:00Z,wm_a\n';
    const guide = await app.request('/api/admin/orders/import', {
      method: 'POST',
      headers: { ...(await sessionHeaders(app, 'g_a')), 'content-type': 'text/csv' },
      body: csv,
    });
    expect(guide.status).toBe(403);
    const res = await app.request('/api/admin/orders/import', {
      method: 'POST',
      headers: { ...(await sessionHeaders(app, 'boss')), 'content-type': 'text/csv' },
      body: csv,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ inserted: 1, invalid: [{ line: 3, reason: expect.stringContaining('实付金额') }] });
    expect(ordersFromCsv(csv).orders).toHaveLength(1);
  });

  const HEADER =
    'order_no,source,status,total_amount,paid_amount,refunded_amount,paid_at,updated_at,external_userid,unionid,phone,member_no,guide_userid,sku,name,quantity,unit_price';
  const T = '2026-05-01T00:00:00Z';
  /** One good order (G1, two lines), one with a bad item line (B1), one with conflicting lines (K1), one with an item over the bounds (B2). */
  const mixedCsv = [
    HEADER,
    `G1,shop,paid,300,300,0,${T},${T},wm_a,,,,,S1,商品,1,100`,
    `B1,shop,paid,300,300,0,${T},${T},wm_a,,,,,S1,商品,1,100`,
    `G1,shop,paid,300,300,0,${T},${T},wm_a,,,,,S2,赠品,2,100`,
    `B1,shop,paid,300,300,0,${T},${T},wm_a,,,,,S2,赠品,x,100`,
    `K1,shop,paid,300,300,0,${T},${T},wm_a,,,,,S1,商品,3,100`,
    `K1,shop,refunded,300,300,300,${T},2026-05-09T00:00:00Z,wm_a,,,,,S1,商品,3,100`,
    `B2,shop,paid,300,300,0,${T},${T},wm_a,,,,,S1,商品,1,100000000000000`,
    `B2,shop,paid,300,300,0,${T},${T},wm_a,,,,,S2,赠品,1,200`,
  ].join('\n');
  const expectOnlyGoodOrder = async () => {
    expect(await q(`SELECT order_no FROM orders`)).toEqual([{ order_no: 'G1' }]);
    const items = await q<{ sku: string; quantity: unknown }>(`SELECT sku, quantity FROM order_item ORDER BY sku`);
    expect(items.map((i) => [i.sku, num(i.quantity)])).toEqual([
      ['S1', 1],
      ['S2', 2],
    ]);
  };
  const expectMixedReport = (invalid: ReadonlyArray<{ line: number; reason: string }>) => {
    expect(invalid.map((x) => x.line)).toEqual([3, 5, 6, 7, 8, 9]);
    const reason = Object.fromEntries(invalid.map((x) => [x.line, x.reason]));
    expect(reason[3]).toBe('订单 B1 的第 5 行有误；整单未导入');
    expect(reason[5]).toBe('数量必须是非负整数（单位：分）：x；整单未导入');
    for (const line of [6, 7]) {
      expect(reason[line]).toContain('订单 K1 的各行订单信息不一致');
      expect(reason[line]).toContain('status（第 6 行 "paid"，第 7 行 "refunded"）');
      expect(reason[line]).toContain('refunded_amount（第 6 行 "0"，第 7 行 "300"）');
      expect(reason[line]).toContain('updated_at（第 6 行');
      expect(reason[line]).toContain('整单未导入');
    }
    expect(reason[8]).toContain('unit_price：单价不能超过 100000000000 分');
    expect(reason[9]).toBe('订单 B2 的第 8 行有误；整单未导入');
  };

  it('writes an order all or nothing: a bad item line or conflicting lines reject the whole order, every line reported', async () => {
    const res = await importOrdersCsv(app.deps.ds, mixedCsv);
    expect(res).toMatchObject({ rows: 8, received: 1, inserted: 1, rejected: 3 });
    expectMixedReport(res.invalid);
    await expectOnlyGoodOrder();
    expect(invalidReportCsv(res.invalid).split('\n')[1]).toBe('3,订单 B1 的第 5 行有误；整单未导入');
  });

  it('the same through POST /api/admin/orders/import', async () => {
    const res = await app.request('/api/admin/orders/import', {
      method: 'POST',
      headers: { ...(await sessionHeaders(app, 'boss')), 'content-type': 'text/csv' },
      body: mixedCsv,
    });
    expect(res.status).toBe(200);
    const body = importResultSchema.parse(await res.json());
    expect(body).toMatchObject({ inserted: 1, rejected: 3 });
    expectMixedReport(body.invalid);
    await expectOnlyGoodOrder();
  });

  it('the same through npm run import:orders, with the report file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orders-cli-'));
    try {
      const file = join(dir, 'orders.csv');
      writeFileSync(file, mixedCsv);
      const root = resolve(import.meta.dirname, '../../../..');
      const { stdout } = await run(join(root, 'node_modules/.bin/tsx'), ['server/src/cli/import-orders.ts', file, '--no-rfm'], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: app.db.url, NODE_ENV: 'test', LOG_LEVEL: 'silent' },
      });
      expect(stdout).toContain('inserted 1');
      expect(stdout).toContain('rejected 3 orders (6 lines)');
      const report = parseCsv(readFileSync(`${file}.errors.csv`, 'utf8'))
        .slice(1)
        .map((r) => ({ line: Number(r.fields[0]), reason: r.fields[1] ?? '' }));
      expectMixedReport(report);
      await expectOnlyGoodOrder();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects impossible dates and years outside 2000–2100 instead of rolling them over', async () => {
    const csv = [
      HEADER,
      `F1,shop,paid,100,100,0,2026-02-31T10:00:00Z,${T},wm_a,,,,,S1,商品,1,100`,
      `F2,shop,paid,100,100,0,${T},9999-12-31T23:59:59-10:00,wm_a,,,,,S1,商品,1,100`,
      `F3,shop,paid,100,100,0,2026-02-28T10:00:00Z,${T},wm_a,,,,,S1,商品,1,100`,
    ].join('\n');
    const res = await importOrdersCsv(app.deps.ds, csv);
    expect(res.invalid).toEqual([
      { line: 2, reason: 'paid_at：支付时间 paid_at不是真实存在的日期或时间：2026-02-31T10:00:00Z' },
      { line: 3, reason: 'updated_at：更新时间 updated_at的年份必须在 2000–2100 之间' },
    ]);
    expect(await q(`SELECT order_no FROM orders`)).toEqual([{ order_no: 'F3' }]);
  });
});
