import type { MigrationInterface, QueryRunner } from 'typeorm';
import { c, createTable, index } from './lib/schema.ts';

/** The inbox of WeCom callback deliveries (stored first, processed asynchronously by the sync processor). */
export class WecomEvents1795392100000 implements MigrationInterface {
  name = 'WecomEvents1795392100000';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(
      qr,
      'wecom_event',
      [
        c.bigId(qr),
        c.str('dedupe_key', 64),
        c.str('corp_id', 64),
        c.str('event', 64),
        c.str('change_type', 64, true),
        c.date('event_time', true),
        c.text('payload'),
        c.str('status', 16),
        c.int('attempts', false, 0),
        c.text('error', true),
        c.date('received_at'),
        c.date('processed_at', true),
      ],
      [
        // WeCom retries a delivery up to 3 times: the retry inserts nothing.
        index('uq_wecom_event_dedupe', ['dedupe_key'], true),
        // The processor's "next queued events, oldest first" (WHERE status = 'queued' ORDER BY id).
        index('idx_wecom_event_status_id', ['status', 'id']),
        // Operations: what arrived recently, per event type.
        index('idx_wecom_event_received', ['received_at']),
      ],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('wecom_event');
  }
}
