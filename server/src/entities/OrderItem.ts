import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

export interface OrderItem {
  id: number;
  orderId: number;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
  amount: number;
}

export const OrderItemEntity = new EntitySchema<OrderItem>({
  name: 'OrderItem',
  tableName: 'order_item',
  columns: {
    id: col.id(),
    orderId: col.int(),
    sku: col.str(64),
    name: col.str(255),
    quantity: col.int(),
    unitPrice: col.bigint(),
    amount: col.bigint(),
  },
});
