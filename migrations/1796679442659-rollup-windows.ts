import type { MigrationInterface, QueryRunner } from 'typeorm';
import { c, createTable } from './lib/schema.ts';

/**
 * Per guide, day and window (7, 30, 90 days ending on that day): the sums of the daily rollup, so a
 * team report over a preset period reads two rows per guide instead of one per day of both periods.
 */
export class RollupWindows1796679442659 implements MigrationInterface {
  name = 'RollupWindows1796679442659';

  async up(qr: QueryRunner): Promise<void> {
    const counters = [
      'new_customers',
      'lost_by_customer',
      'lost_by_staff',
      'chats',
      'messages_sent',
      'messages_received',
      'turns_opened',
      'turns_replied',
      'reply_seconds_sum',
      'unanswered',
      'scripts_sent',
      'tags_applied',
      'follow_ups_written',
      'reminders_done',
      'reminders_overdue',
      'buyers',
      'orders',
      'wecom_chat_cnt',
      'wecom_message_cnt',
      'wecom_negative_feedback_cnt',
      'wecom_new_apply_cnt',
      'wecom_new_contact_cnt',
      'wecom_reply_percentage_days',
      'wecom_avg_reply_time_days',
    ];
    await createTable(qr, 'staff_window_stats', [
      { ...c.int('days'), isPrimary: true },
      { ...c.str('day', 10), isPrimary: true },
      { ...c.int('staff_id'), isPrimary: true },
      ...counters.map((name) => c.int(name, false, 0)),
      c.bigint('gmv', false, 0),
      { name: 'wecom_reply_percentage_sum', type: 'float', isNullable: false, default: 0 },
      c.bigint('wecom_avg_reply_time_sum', false, 0),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('staff_window_stats');
  }
}
