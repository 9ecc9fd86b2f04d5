import type { MigrationInterface, QueryRunner } from 'typeorm';
import { c, createTable, ensureUtf8mb4, index } from './lib/schema.ts';

/** Departments, staff and their memberships (manager scopes come from is_leader). */
export class Directory1795392000001 implements MigrationInterface {
  name = 'Directory1795392000001';

  async up(qr: QueryRunner): Promise<void> {
    await ensureUtf8mb4(qr);
    await createTable(
      qr,
      'department',
      [
        { name: 'id', type: 'int', isPrimary: true },
        c.str('name', 64),
        c.int('parent_id', true),
        c.int('sort_order', false, 0),
        c.updatedAt(),
      ],
      [index('idx_department_parent', ['parent_id'])],
    );
    await createTable(
      qr,
      'staff',
      [
        c.id(),
        c.str('userid', 64),
        c.str('name', 64),
        c.str('avatar', 512, true),
        c.str('position', 64, true),
        c.int('gender', false, 0),
        c.int('status', false, 1),
        c.int('main_department_id', true),
        c.str('role', 16, false, 'guide'),
        c.bool('is_follow_user'),
        c.createdAt(),
        c.updatedAt(),
      ],
      [index('uq_staff_userid', ['userid'], true)],
    );
    await createTable(
      qr,
      'staff_department',
      [{ name: 'staff_id', type: 'int', isPrimary: true }, { name: 'department_id', type: 'int', isPrimary: true }, c.bool('is_leader')],
      [
        // Manager scopes: "which staff are in these departments".
        index('idx_staff_department_dept', ['department_id', 'staff_id']),
      ],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('staff_department');
    await qr.dropTable('staff');
    await qr.dropTable('department');
  }
}
