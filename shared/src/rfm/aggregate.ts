import { DAY_MS, isCountedOrder, type RfmAggregate } from './score.ts';

/** The order fields RFM reads. */
export interface RfmOrder {
  customerId: number;
  status: string;
  paidAmount: number;
  refundedAmount: number;
  paidAt: Date | null;
}

/**
 * Reference aggregation of raw orders into per-customer RFM aggregates (what the SQL
 * job computes with one GROUP BY). `customerIds` lists every customer to include,
 * so customers without orders come out as prospects.
 */
export function aggregateOrders(
  orders: readonly RfmOrder[],
  customerIds: readonly number[],
  now: number,
  windowDays: number,
): RfmAggregate[] {
  const start = now - windowDays * DAY_MS;
  const byId = new Map<number, RfmAggregate>(
    customerIds.map((id) => [id, { customerId: id, frequency: 0, monetary: 0, lastPaidAt: null, hasOlderOrders: false }]),
  );
  for (const o of orders) {
    const agg = byId.get(o.customerId);
    if (!agg || !isCountedOrder(o) || o.paidAt === null) continue;
    const t = o.paidAt.getTime();
    if (t > now) continue;
    if (t <= start) {
      agg.hasOlderOrders = true;
      continue;
    }
    agg.frequency++;
    agg.monetary += o.paidAmount - o.refundedAmount;
    agg.lastPaidAt = agg.lastPaidAt === null ? t : Math.max(agg.lastPaidAt, t);
  }
  return [...byId.values()];
}
