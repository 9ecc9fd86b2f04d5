import type { DataSource } from 'typeorm';
import type { CustomerOrdersResponse, UnmatchedOrdersResponse } from '@shared/api/orders.ts';
import type { OrderStatus } from '@shared/enums.ts';
import { cursorCodec, dbTime, fromDbTime, marks, num, select, selectOne } from '@server/db/sql.ts';
import { maskPhone } from '@server/logger.ts';
import { presentOrder, type ItemRow, type OrderRow } from './orders.presenter.ts';
import { idCursorSchema, orderCursorSchema } from './orders.schema.ts';

const orderCursor = cursorCodec(orderCursorSchema);
const idCursor = cursorCodec(idCursorSchema);

/**
 * A customer's orders, newest payment first (orders never paid last), keyset-paginated on
 * (paid_at, id) over idx_orders_customer_paid; items of the whole page in one query.
 */
export async function listCustomerOrders(
  ds: DataSource,
  customerId: number,
  cursor: string | undefined,
  limit: number,
): Promise<CustomerOrdersResponse> {
  const after = cursor ? orderCursor.decode(cursor) : undefined;
  const params: unknown[] = [customerId];
  let keyset = '';
  if (after) {
    if (after.p === null) {
      keyset = ' AND o.paid_at IS NULL AND o.id < ?';
      params.push(after.i);
    } else {
      const p = dbTime(new Date(after.p));
      keyset = ' AND (o.paid_at < ? OR (o.paid_at = ? AND o.id < ?) OR o.paid_at IS NULL)';
      params.push(p, p, after.i);
    }
  }
  const rows = await select<OrderRow>(
    ds,
    `SELECT o.id, o.source, o.order_no, o.status, o.total_amount, o.paid_amount, o.refunded_amount, o.paid_at, o.attribution,
            o.staff_id, s.userid AS staff_userid, s.name AS staff_name
       FROM orders o LEFT JOIN staff s ON s.id = o.staff_id
      WHERE o.customer_id = ?${keyset}
      ORDER BY CASE WHEN o.paid_at IS NULL THEN 1 ELSE 0 END, o.paid_at DESC, o.id DESC
      LIMIT ?`,
    [...params, limit + 1],
  );
  const page = rows.slice(0, limit);
  const ids = page.map((r) => num(r.id));
  const items = ids.length
    ? await select<ItemRow>(
        ds,
        `SELECT order_id, sku, name, quantity, unit_price, amount FROM order_item WHERE order_id IN (${marks(ids.length)}) ORDER BY id`,
        ids,
      )
    : [];
  const byOrder = new Map<number, ItemRow[]>();
  for (const it of items) {
    const list = byOrder.get(num(it.order_id)) ?? [];
    list.push(it);
    byOrder.set(num(it.order_id), list);
  }
  const last = page[page.length - 1];
  return {
    items: page.map((o) => presentOrder(o, byOrder.get(num(o.id)) ?? [])),
    nextCursor:
      rows.length > limit && last ? orderCursor.encode({ p: fromDbTime(last.paid_at)?.toISOString() ?? null, i: num(last.id) }) : null,
  };
}

/** Orders no customer matched yet, newest first (keyset on id); phones masked. */
export async function listUnmatchedOrders(ds: DataSource, cursor: string | undefined, limit: number): Promise<UnmatchedOrdersResponse> {
  const after = cursor ? idCursor.decode(cursor) : undefined;
  const rows = await select<{
    id: unknown;
    source: string;
    order_no: string;
    status: OrderStatus;
    paid_amount: unknown;
    paid_at: unknown;
    external_userid: string | null;
    unionid: string | null;
    phone: string | null;
    member_no: string | null;
    created_at: unknown;
  }>(
    ds,
    `SELECT id, source, order_no, status, paid_amount, paid_at, external_userid, unionid, phone, member_no, created_at
       FROM orders WHERE customer_id IS NULL${after ? ' AND id < ?' : ''} ORDER BY id DESC LIMIT ?`,
    after ? [after.i, limit + 1] : [limit + 1],
  );
  const count = await selectOne<{ n: unknown }>(ds, 'SELECT COUNT(*) AS n FROM orders WHERE customer_id IS NULL');
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: num(r.id),
      source: r.source,
      orderNo: r.order_no,
      status: r.status,
      paidAmount: num(r.paid_amount),
      paidAt: fromDbTime(r.paid_at)?.toISOString() ?? null,
      externalUserid: r.external_userid,
      unionid: r.unionid,
      phone: r.phone ? maskPhone(r.phone) : null,
      memberNo: r.member_no,
      receivedAt: fromDbTime(r.created_at)?.toISOString() ?? '',
    })),
    nextCursor: rows.length > limit && last ? idCursor.encode({ i: num(last.id) }) : null,
    total: num(count?.n),
  };
}
