import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { c } from './lib/schema.ts';

/**
 * A transfer of a whole store (every on-job guide of a department): the job names the store and no
 * single handover (each item keeps its own handover member).
 */
export class TransferStoreJobs1796675000000 implements MigrationInterface {
  name = 'TransferStoreJobs1796675000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('transfer_job', new TableColumn(c.int('store_id', true)));
    await qr.changeColumn('transfer_job', 'handover_staff_id', new TableColumn(c.int('handover_staff_id', true)));
    await qr.changeColumn('transfer_job', 'handover_userid', new TableColumn(c.str('handover_userid', 64, true)));
  }

  async down(qr: QueryRunner): Promise<void> {
    // Store-wide jobs cannot be expressed without the column: they go with it.
    await qr.query('DELETE FROM transfer_item WHERE job_id IN (SELECT id FROM transfer_job WHERE handover_staff_id IS NULL)');
    await qr.query('DELETE FROM transfer_job WHERE handover_staff_id IS NULL');
    await qr.changeColumn('transfer_job', 'handover_userid', new TableColumn(c.str('handover_userid', 64)));
    await qr.changeColumn('transfer_job', 'handover_staff_id', new TableColumn(c.int('handover_staff_id')));
    await qr.dropColumn('transfer_job', 'store_id');
  }
}
