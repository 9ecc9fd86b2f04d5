import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { c } from './lib/schema.ts';

/**
 * What the guide actually sent for a task: the preview lets them correct the rule's text, and the
 * task (and the customer's timeline) should keep what reached the customer, not the template.
 */
export class TaskSentText1796680000001 implements MigrationInterface {
  name = 'TaskSentText1796680000001';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('task', new TableColumn(c.text('sent_text', true)));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('task', 'sent_text');
  }
}
