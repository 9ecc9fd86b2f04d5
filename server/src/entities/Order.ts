import { EntitySchema } from 'typeorm';
import type { AttributionRule, OrderStatus } from '@shared/enums.ts';
import { col } from '@server/db/columns.ts';

/** An order from the brand's shop or ERP; money in integer fen. Table `orders` (ORDER is reserved SQL). */
export interface Order {
  id: number;
  source: string;
  orderNo: string;
  status: OrderStatus;
  totalAmount: number;
  paidAmount: number;
  refundedAmount: number;
  paidAt: Date | null;
  /** The shop's own update time: an older delivery never overwrites a newer one. */
  sourceUpdatedAt: Date;
  externalUserid: string | null;
  unionid: string | null;
  phone: string | null;
  memberNo: string | null;
  customerId: number | null;
  staffId: number | null;
  attribution: AttributionRule | null;
  createdAt: Date;
  updatedAt: Date;
}

export const OrderEntity = new EntitySchema<Order>({
  name: 'Order',
  tableName: 'orders',
  columns: {
    id: col.id(),
    source: col.str(32),
    orderNo: col.str(64),
    status: col.str(24),
    totalAmount: col.bigint(),
    paidAmount: col.bigint(),
    refundedAmount: { ...col.bigint(), default: 0 },
    paidAt: col.date(true),
    sourceUpdatedAt: col.date(),
    externalUserid: col.str(64, true),
    unionid: col.str(64, true),
    phone: col.str(32, true),
    memberNo: col.str(64, true),
    customerId: col.int(true),
    staffId: col.int(true),
    attribution: col.str(24, true),
    createdAt: col.createdAt(),
    updatedAt: col.updatedAt(),
  },
  uniques: [{ columns: ['source', 'orderNo'] }],
});
