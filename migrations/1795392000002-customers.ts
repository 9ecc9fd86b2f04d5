import type { MigrationInterface, QueryRunner } from 'typeorm';
import { c, createTable, index } from './lib/schema.ts';

/** External contacts with their denormalised metrics, and the follow relations. */
export class Customers1795392000002 implements MigrationInterface {
  name = 'Customers1795392000002';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(
      qr,
      'customer',
      [
        c.id(),
        c.str('external_userid', 64),
        c.str('name', 128),
        c.str('avatar', 512, true),
        c.int('type', false, 1),
        c.int('gender', false, 0),
        c.str('unionid', 64, true),
        c.str('corp_name', 128, true),
        c.str('phone', 32, true),
        c.str('member_no', 64, true),
        c.str('birthday', 5, true),
        c.date('first_added_at', true),
        c.date('last_interaction_at', true),
        c.int('order_count', false, 0),
        c.bigint('total_spent', false, 0),
        c.date('last_order_at', true),
        c.int('rfm_r', true),
        c.int('rfm_f', true),
        c.int('rfm_m', true),
        c.str('rfm_segment', 32, true),
        c.date('rfm_computed_at', true),
        c.str('lifecycle_stage', 16, false, 'aware'),
        c.createdAt(),
        c.updatedAt(),
      ],
      [
        index('uq_customer_external_userid', ['external_userid'], true),
        // Order identity resolution looks customers up by each of these keys.
        index('idx_customer_unionid', ['unionid']),
        index('idx_customer_phone', ['phone']),
        index('idx_customer_member_no', ['member_no']),
        // Reports: segment counts and neglected valuable customers.
        index('idx_customer_segment_contact', ['rfm_segment', 'last_interaction_at']),
      ],
    );
    await createTable(
      qr,
      'customer_follow',
      [
        c.id(),
        c.int('customer_id'),
        c.int('staff_id'),
        c.str('remark', 128, true),
        c.str('description', 512, true),
        c.str('remark_corp_name', 128, true),
        c.text('remark_mobiles'),
        c.int('add_way', false, 0),
        c.str('state', 64, true),
        c.str('oper_userid', 64, true),
        c.date('added_at'),
        c.date('lost_at', true),
        c.str('lost_reason', 32, true),
        c.int('last_seen_sync_id', true),
        c.createdAt(),
        c.updatedAt(),
      ],
      [
        index('uq_follow_customer_staff', ['customer_id', 'staff_id'], true),
        // "My customers", newest first, and per-guide new/lost counts.
        index('idx_follow_staff_added', ['staff_id', 'added_at']),
        index('idx_follow_staff_lost', ['staff_id', 'lost_at']),
      ],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('customer_follow');
    await qr.dropTable('customer');
  }
}
