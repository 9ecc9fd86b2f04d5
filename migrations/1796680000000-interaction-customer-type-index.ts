import type { MigrationInterface, QueryRunner } from 'typeorm';
import { index } from './lib/schema.ts';

/**
 * The 1v1 open counts a customer's messages out since they were added and finds their last
 * contact, both by type; the script report asks whether the customer wrote back within a day.
 * With only (customer_id, occurred_at), each of those reads every interaction row of the customer
 * from the table to check its type: about twenty random page reads per open at 20 interactions a
 * customer, the open's largest cost once the table outgrows memory. With the type in the index
 * they are answered from the index alone.
 */
export class InteractionCustomerTypeIndex1796680000000 implements MigrationInterface {
  name = 'InteractionCustomerTypeIndex1796680000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createIndex('interaction', index('idx_interaction_customer_type_time', ['customer_id', 'type', 'occurred_at']));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('interaction', 'idx_interaction_customer_type_time');
  }
}
