import type { MigrationInterface, QueryRunner } from 'typeorm';
import { c, createTable, index } from './lib/schema.ts';

/** 在职/离职继承: a transfer job (who, chosen how, to whom) and one row per customer or group chat handed over. */
export class Transfers1796664900000 implements MigrationInterface {
  name = 'Transfers1796664900000';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'transfer_job', [
      c.id(),
      c.str('kind', 16),
      c.int('handover_staff_id'),
      c.str('handover_userid', 64),
      c.text('filter'),
      c.text('takeover'),
      c.str('message', 255, true),
      c.str('status', 16),
      c.str('created_by', 64),
      c.int('total', false, 0),
      c.date('finished_at', true),
      c.createdAt(),
      c.updatedAt(),
    ]);
    await createTable(
      qr,
      'transfer_item',
      [
        c.id(),
        c.int('job_id'),
        c.str('target', 16),
        c.int('customer_id', true),
        c.int('group_id', true),
        c.str('external_id', 64),
        c.str('handover_userid', 64),
        c.int('handover_staff_id'),
        c.str('takeover_userid', 64),
        c.int('takeover_staff_id'),
        c.str('state', 16),
        c.int('errcode', true),
        c.str('reason', 32, true),
        c.str('batch_key', 40, true),
        c.int('attempts', false, 0),
        c.date('takeover_at', true),
        c.date('completed_at', true),
        c.createdAt(),
        c.updatedAt(),
      ],
      [
        // The job's pages and counts, and the sender's next batch.
        index('idx_transfer_item_job_state', ['job_id', 'state']),
        // Polling: waiting items per member pair.
        index('idx_transfer_item_state_pair', ['state', 'handover_userid', 'takeover_userid']),
        // Policy and profile: how a customer came to its guide.
        index('idx_transfer_item_customer', ['customer_id', 'state']),
      ],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('transfer_item');
    await qr.dropTable('transfer_job');
  }
}
