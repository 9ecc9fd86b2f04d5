import type { MigrationInterface, QueryRunner } from 'typeorm';
import { index } from './lib/schema.ts';

/**
 * The team report counts each guide's distinct buyers of a period straight from orders (a
 * distinct count cannot be summed from daily rows). With status and customer_id in the index
 * that count reads the index alone instead of one row per order; the (staff_id, paid_at)
 * prefix still serves everything idx_orders_staff_paid did, so it replaces it.
 */
export class OrdersStaffBuyersIndex1795392700101 implements MigrationInterface {
  name = 'OrdersStaffBuyersIndex1795392700101';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createIndex('orders', index('idx_orders_staff_buyers', ['staff_id', 'paid_at', 'status', 'customer_id']));
    await qr.dropIndex('orders', 'idx_orders_staff_paid');
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.createIndex('orders', index('idx_orders_staff_paid', ['staff_id', 'paid_at']));
    await qr.dropIndex('orders', 'idx_orders_staff_buyers');
  }
}
