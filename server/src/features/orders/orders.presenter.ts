import { ORDER_STATUS_LABELS, type CustomerOrder } from '@shared/api/orders.ts';
import type { AttributionRule, OrderStatus } from '@shared/enums.ts';
import { fromDbTime, num } from '@server/db/sql.ts';

export interface OrderRow {
  id: unknown;
  source: string;
  order_no: string;
  status: OrderStatus;
  total_amount: unknown;
  paid_amount: unknown;
  refunded_amount: unknown;
  paid_at: unknown;
  attribution: AttributionRule | null;
  staff_id: unknown;
  staff_userid: string | null;
  staff_name: string | null;
}
export interface ItemRow {
  order_id: unknown;
  sku: string;
  name: string;
  quantity: unknown;
  unit_price: unknown;
  amount: unknown;
}

/** An order row plus its items as the profile shows it. */
export function presentOrder(o: OrderRow, items: readonly ItemRow[]): CustomerOrder {
  const paid = num(o.paid_amount),
    refunded = num(o.refunded_amount);
  return {
    id: num(o.id),
    source: o.source,
    orderNo: o.order_no,
    status: o.status,
    statusLabel: ORDER_STATUS_LABELS[o.status] ?? o.status,
    totalAmount: num(o.total_amount),
    paidAmount: paid,
    refundedAmount: refunded,
    netAmount: paid - refunded,
    paidAt: fromDbTime(o.paid_at)?.toISOString() ?? null,
    guide:
      o.staff_id === null || o.staff_userid === null
        ? null
        : { id: num(o.staff_id), userid: o.staff_userid, name: o.staff_name ?? o.staff_userid },
    attribution: o.attribution,
    items: items.map((it) => ({
      sku: it.sku,
      name: it.name,
      quantity: num(it.quantity),
      unitPrice: num(it.unit_price),
      amount: num(it.amount),
    })),
  };
}
