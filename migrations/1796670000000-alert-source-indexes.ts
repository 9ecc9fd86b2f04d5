import type { MigrationInterface, QueryRunner } from 'typeorm';
import { index } from './lib/schema.ts';

/**
 * The alert scan reads each source across all staff by time every minute: reminders coming
 * due, relations a customer ended, customer turns still unanswered, tasks coming due. The
 * existing indexes lead with staff_id; these lead with the time (or the open state) scanned.
 */
const INDEXES: Array<[table: string, name: string, columns: string[]]> = [
  ['follow_up', 'idx_follow_up_remind', ['remind_at']],
  ['customer_follow', 'idx_follow_lost', ['lost_at']],
  ['reply_turn', 'idx_reply_turn_open', ['replied_at', 'opened_at']],
  ['task', 'idx_task_status_due', ['status', 'due_at']],
];

export class AlertSourceIndexes1796670000000 implements MigrationInterface {
  name = 'AlertSourceIndexes1796670000000';

  async up(qr: QueryRunner): Promise<void> {
    for (const [table, name, columns] of INDEXES) await qr.createIndex(table, index(name, columns));
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const [table, name] of [...INDEXES].reverse()) await qr.dropIndex(table, name);
  }
}
