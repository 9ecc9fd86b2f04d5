import type { MigrationInterface, QueryRunner } from 'typeorm';
import { c, createTable, index } from './lib/schema.ts';

/** Sync runs, the audit log and key/value settings. */
export class Operations1795392000009 implements MigrationInterface {
  name = 'Operations1795392000009';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(
      qr,
      'sync_run',
      [
        c.id(),
        c.str('kind', 32),
        c.str('status', 16),
        c.str('stage', 32, true),
        c.int('progress_done', false, 0),
        c.int('progress_total', false, 0),
        c.text('counts'),
        c.text('checkpoint', true),
        c.text('error', true),
        c.date('started_at', true),
        c.date('finished_at', true),
        c.createdAt(),
      ],
      [index('idx_sync_run_kind_status', ['kind', 'status'])],
    );
    await createTable(
      qr,
      'audit_log',
      [
        c.id(),
        c.str('actor_userid', 64, true),
        c.str('action', 64),
        c.str('target_type', 32, true),
        c.str('target_id', 64, true),
        c.text('detail'),
        c.str('ip', 64, true),
        c.createdAt(),
      ],
      [index('idx_audit_log_time', ['created_at']), index('idx_audit_log_actor', ['actor_userid', 'created_at'])],
    );
    await createTable(qr, 'setting', [{ name: 'key', type: 'varchar', length: '64', isPrimary: true }, c.text('value'), c.updatedAt()]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('setting');
    await qr.dropTable('audit_log');
    await qr.dropTable('sync_run');
  }
}
