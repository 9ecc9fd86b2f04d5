import type { MigrationInterface, QueryRunner } from 'typeorm';
import { c, createTable, index } from './lib/schema.ts';

/** Follow-up records (跟进记录) with optional reminders. */
export class FollowUps1795392000007 implements MigrationInterface {
  name = 'FollowUps1795392000007';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(
      qr,
      'follow_up',
      [
        c.id(),
        c.int('customer_id'),
        c.int('staff_id'),
        c.text('content'),
        c.date('remind_at', true),
        c.date('done_at', true),
        c.createdAt(),
        c.updatedAt(),
      ],
      [
        index('idx_follow_up_customer', ['customer_id', 'created_at']),
        // Home page: my reminders due by a time.
        index('idx_follow_up_staff_remind', ['staff_id', 'remind_at']),
      ],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('follow_up');
  }
}
