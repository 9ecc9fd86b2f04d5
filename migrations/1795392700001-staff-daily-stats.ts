import type { MigrationInterface, QueryRunner } from 'typeorm';
import { c, createTable, index } from './lib/schema.ts';

/** Per guide per Asia/Shanghai day rollup that manager reports read instead of scanning interactions. */
export class StaffDailyStats1795392700001 implements MigrationInterface {
  name = 'StaffDailyStats1795392700001';

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
    ];
    await createTable(
      qr,
      'staff_daily_stats',
      [
        c.int('staff_id'),
        c.str('day', 10),
        ...counters.map((name) => c.int(name, false, 0)),
        c.bigint('gmv', false, 0),
        // WeCom's own figures are kept as WeCom reports them (a percentage and seconds), null when WeCom has no data.
        { name: 'wecom_reply_percentage', type: 'float', isNullable: true },
        c.int('wecom_avg_reply_time', true),
        c.updatedAt(),
      ].map((col) => (col.name === 'staff_id' || col.name === 'day' ? { ...col, isPrimary: true } : col)),
      [
        // Team report: all guides over a day range.
        index('idx_staff_daily_stats_day', ['day', 'staff_id']),
      ],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('staff_daily_stats');
  }
}
