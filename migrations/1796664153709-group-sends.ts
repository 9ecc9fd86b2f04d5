import type { MigrationInterface, QueryRunner } from 'typeorm';
import { c, createTable, index } from './lib/schema.ts';

/**
 * 群发 tasks: what a manager composed for a filtered target, the WeCom send
 * tasks it became (one add_msg_template per guide and distinct rendered text),
 * and every recipient with its outcome.
 */
export class GroupSends1796664153709 implements MigrationInterface {
  name = 'GroupSends1796664153709';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(
      qr,
      'group_send',
      [
        c.id(),
        c.str('chat_type', 8),
        c.text('content'),
        c.text('attachments'),
        c.text('target'),
        c.int('created_by'),
        c.str('status', 16),
        c.int('recipient_count', false, 0),
        c.int('skipped_count', false, 0),
        c.text('reminded_at'),
        c.date('cancelled_at', true),
        c.date('results_at', true),
        c.createdAt(),
      ],
      [index('idx_group_send_created', ['created_at'])],
    );
    await createTable(
      qr,
      'group_send_message',
      [
        c.id(),
        c.int('group_send_id'),
        c.int('staff_id'),
        c.str('msgid', 64, true),
        c.text('content'),
        c.str('error', 64, true),
        c.date('sent_at', true),
      ],
      [index('idx_group_send_message_send', ['group_send_id']), index('uq_group_send_message_msgid', ['msgid'], true)],
    );
    await createTable(
      qr,
      'group_send_recipient',
      [
        c.id(),
        c.int('group_send_id'),
        c.int('message_id', true),
        c.int('staff_id'),
        c.int('customer_id', true),
        c.int('group_id', true),
        c.str('status', 16),
        c.str('day', 10),
        c.date('sent_at', true),
      ],
      [
        index('idx_group_send_recipient_send', ['group_send_id', 'staff_id']),
        // The daily receive limit: has this customer/group been sent a group message today?
        index('idx_group_send_recipient_day_customer', ['day', 'customer_id', 'status']),
        index('idx_group_send_recipient_day_group', ['day', 'group_id', 'status']),
      ],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('group_send_recipient');
    await qr.dropTable('group_send_message');
    await qr.dropTable('group_send');
  }
}
