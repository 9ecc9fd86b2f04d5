import type { MigrationInterface, QueryRunner } from 'typeorm';
import { c, createTable, index } from './lib/schema.ts';

/** Orders from the shop/ERP (money in fen) and their items. */
export class Orders1795392000005 implements MigrationInterface {
  name = 'Orders1795392000005';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(
      qr,
      'orders',
      [
        c.id(),
        c.str('source', 32),
        c.str('order_no', 64),
        c.str('status', 24),
        c.bigint('total_amount'),
        c.bigint('paid_amount'),
        c.bigint('refunded_amount', false, 0),
        c.date('paid_at', true),
        c.date('source_updated_at'),
        c.str('external_userid', 64, true),
        c.str('unionid', 64, true),
        c.str('phone', 32, true),
        c.str('member_no', 64, true),
        c.int('customer_id', true),
        c.int('staff_id', true),
        c.str('attribution', 24, true),
        c.createdAt(),
        c.updatedAt(),
      ],
      [
        index('uq_orders_source_no', ['source', 'order_no'], true),
        // Profile order list and RFM aggregates per customer.
        index('idx_orders_customer_paid', ['customer_id', 'paid_at']),
        // GMV attributed per guide per period.
        index('idx_orders_staff_paid', ['staff_id', 'paid_at']),
      ],
    );
    await createTable(
      qr,
      'order_item',
      [c.id(), c.int('order_id'), c.str('sku', 64), c.str('name', 255), c.int('quantity'), c.bigint('unit_price'), c.bigint('amount')],
      [index('idx_order_item_order', ['order_id'])],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('order_item');
    await qr.dropTable('orders');
  }
}
