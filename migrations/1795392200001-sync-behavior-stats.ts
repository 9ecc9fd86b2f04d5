import type { MigrationInterface, QueryRunner } from 'typeorm';
import { c, createTable, index } from './lib/schema.ts';

/** Per guide per day 联系客户统计 (get_user_behavior_data), refreshed by every full sync; plus the reconciliation index. */
export class SyncBehaviorStats1795392200001 implements MigrationInterface {
  name = 'SyncBehaviorStats1795392200001';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(
      qr,
      'wecom_behavior_stat',
      [
        c.id(),
        c.int('staff_id'),
        c.str('day', 10),
        c.int('chat_cnt', false, 0),
        c.int('message_cnt', false, 0),
        // Absent on days without chats, so nullable (a percentage like 60.25).
        { name: 'reply_percentage', type: 'double', isNullable: true },
        c.int('avg_reply_time', true),
        c.int('negative_feedback_cnt', false, 0),
        c.int('new_apply_cnt', false, 0),
        c.int('new_contact_cnt', false, 0),
        c.updatedAt(),
      ],
      [
        index('uq_behavior_stat_staff_day', ['staff_id', 'day'], true),
        // Reports read one day range for many guides.
        index('idx_behavior_stat_day', ['day']),
      ],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('wecom_behavior_stat');
  }
}
