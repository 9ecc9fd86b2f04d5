import type { EntityManager } from 'typeorm';
import type { OrderStatus } from '@shared/enums.ts';
import { rescoreCustomers } from '@server/features/rfm/index.ts';
import { recordInteractions, type NewInteraction } from '@server/features/timeline/index.ts';
import { recomputeCustomerMetrics } from './metrics.ts';
import { chunks, fromDbTime, marks, num, select } from '@server/db/sql.ts';

interface WrittenOrder {
  id: unknown;
  source: string;
  order_no: string;
  status: OrderStatus;
  paid_amount: unknown;
  refunded_amount: unknown;
  paid_at: unknown;
  source_updated_at: unknown;
  customer_id: unknown;
  staff_id: unknown;
}

/**
 * What follows any change to orders (webhook, CSV, later attachment), inside the same transaction:
 * order_paid / order_refunded interactions (dedupe keys make repeats no-ops), the customers'
 * metric columns recomputed from their orders, and an immediate RFM re-score of those customers.
 * `alsoCustomers` are customers that lost an order (their metrics change too).
 */
export async function afterOrdersWritten(
  em: EntityManager,
  orderIds: readonly number[],
  now: Date,
  alsoCustomers: readonly number[] = [],
): Promise<void> {
  const customers = new Set<number>(alsoCustomers);
  const events: NewInteraction[] = [];
  for (const ids of chunks(orderIds, 500)) {
    const rows = await select<WrittenOrder>(
      em,
      `SELECT id, source, order_no, status, paid_amount, refunded_amount, paid_at, source_updated_at, customer_id, staff_id
         FROM orders WHERE id IN (${marks(ids.length)}) AND customer_id IS NOT NULL`,
      ids,
    );
    for (const o of rows) {
      const id = num(o.id),
        customerId = num(o.customer_id),
        staffId = o.staff_id === null ? null : num(o.staff_id);
      const paid = num(o.paid_amount),
        refunded = num(o.refunded_amount);
      const paidAt = fromDbTime(o.paid_at),
        updatedAt = fromDbTime(o.source_updated_at) ?? now;
      customers.add(customerId);
      const base = { orderId: id, orderNo: o.order_no, source: o.source };
      // A payment that happened stays on the timeline even if refunded later.
      if (paidAt && paid > 0 && o.status !== 'cancelled') {
        events.push({
          customerId,
          staffId,
          type: 'order_paid',
          occurredAt: paidAt,
          source: 'orders',
          dedupeKey: `order_paid:${id}`,
          payload: { ...base, paidAmount: paid },
        });
      }
      // One row per distinct refunded total: a partial then a full refund are two events, a repeat is none.
      if (refunded > 0) {
        events.push({
          customerId,
          staffId,
          type: 'order_refunded',
          occurredAt: updatedAt,
          source: 'orders',
          dedupeKey: `order_refunded:${id}:${refunded}`,
          payload: { ...base, refundedAmount: refunded, status: o.status },
        });
      }
    }
  }
  await recordInteractions(em, events);
  const ids = [...customers];
  await recomputeCustomerMetrics(em, ids);
  await rescoreCustomers(em, ids, now);
}
