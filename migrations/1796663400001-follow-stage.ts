import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { c } from './lib/schema.ts';

/** 跟进状态: the guide's own stage on a follow relation, beside the computed lifecycle stage of the customer. */
export class FollowStage1796663400001 implements MigrationInterface {
  name = 'FollowStage1796663400001';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('customer_follow', new TableColumn(c.str('follow_stage', 16, true)));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('customer_follow', 'follow_stage');
  }
}
