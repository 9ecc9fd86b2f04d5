import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { c, index } from './lib/schema.ts';

/**
 * Callback events that failed keep being retried with backoff for a day, so
 * when to try next and when the failures began live with the row (a restart
 * continues the schedule instead of forgetting it).
 */
export class WecomEventRetries1795392810000 implements MigrationInterface {
  name = 'WecomEventRetries1795392810000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumns('wecom_event', [
      new TableColumn(c.date('next_attempt_at', true)),
      new TableColumn(c.date('first_failed_at', true)),
    ]);
    // The processor's "queued events due now" and the status page's earliest next attempt.
    await qr.createIndex('wecom_event', index('idx_wecom_event_status_next', ['status', 'next_attempt_at']));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('wecom_event', 'idx_wecom_event_status_next');
    await qr.dropColumns('wecom_event', ['next_attempt_at', 'first_failed_at']);
  }
}
