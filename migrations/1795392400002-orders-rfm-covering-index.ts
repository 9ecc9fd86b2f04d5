import type { MigrationInterface, QueryRunner } from 'typeorm';
import { index } from './lib/schema.ts';

/**
 * A covering index for the per-customer order aggregates (RFM job, incremental re-score,
 * customer metrics): the GROUP BY customer_id reads only this index in customer order —
 * no row lookups, no temporary table. It supersedes idx_orders_customer_paid as well.
 */
export class OrdersRfmCoveringIndex1795392400002 implements MigrationInterface {
  name = 'OrdersRfmCoveringIndex1795392400002';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createIndex('orders', index('idx_orders_rfm', ['customer_id', 'paid_at', 'status', 'paid_amount', 'refunded_amount']));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('orders', 'idx_orders_rfm');
  }
}
