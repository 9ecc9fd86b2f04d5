import type { MigrationInterface, QueryRunner } from 'typeorm';
import { index } from './lib/schema.ts';

/**
 * The access policy caches the department tree per directory version, MAX(department.updated_at)
 * (the directory sync stamps a department only when it changes). This index makes reading that
 * version one index lookup on every manager request instead of a scan of the table.
 */
export class DepartmentVersionIndex1796664809905 implements MigrationInterface {
  name = 'DepartmentVersionIndex1796664809905';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createIndex('department', index('idx_department_updated', ['updated_at']));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('department', 'idx_department_updated');
  }
}
