import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { c, createTable, index } from './lib/schema.ts';

/**
 * Several instances on one database: one active sync run per kind (a unique
 * key that only queued/running runs carry, so "start one unless one runs" is
 * a single INSERT), who runs it and how often it was taken over, and job
 * leases with heartbeats (the sync, each corp's callback consumer).
 */
export class FleetLeases1796663453589 implements MigrationInterface {
  name = 'FleetLeases1796663453589';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumns('sync_run', [
      new TableColumn(c.str('active_key', 16, true)),
      new TableColumn(c.str('owner', 64, true)),
      new TableColumn(c.int('takeovers', false, 0)),
      new TableColumn(c.str('taken_over_from', 64, true)),
    ]);
    await qr.createIndex('sync_run', index('uq_sync_run_active', ['active_key'], true));
    // Runs left queued/running by the old code have no owner to take them over from: they end as
    // failed (resumable from their checkpoint by the next start), and every failed run gets its end time.
    const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
    await qr.query(
      `UPDATE sync_run SET status = 'failed', error = COALESCE(error, 'interrupted (upgrade)') WHERE status IN ('queued', 'running')`,
    );
    await qr.query(`UPDATE sync_run SET finished_at = ? WHERE status = 'failed' AND finished_at IS NULL`, [now]);
    await createTable(qr, 'job_lease', [
      { ...c.str('name', 96), isPrimary: true },
      c.str('owner', 64, true),
      c.str('token', 64, true),
      c.int('run_id', true),
      c.date('acquired_at', true),
      c.date('heartbeat_at', true),
      c.date('expires_at', true),
      c.str('taken_over_from', 64, true),
      c.int('takeovers', false, 0),
      c.updatedAt(),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('job_lease');
    await qr.dropIndex('sync_run', 'uq_sync_run_active');
    await qr.dropColumns('sync_run', ['active_key', 'owner', 'takeovers', 'taken_over_from']);
  }
}
