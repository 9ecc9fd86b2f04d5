import type { MigrationInterface, QueryRunner } from 'typeorm';
import { c, createTable, index } from './lib/schema.ts';

/** Corp tag groups and tags mirrored from WeCom, and tags per follow relation. */
export class Tags1795392000003 implements MigrationInterface {
  name = 'Tags1795392000003';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'tag_group', [
      { name: 'id', type: 'varchar', length: '64', isPrimary: true },
      c.str('name', 64),
      c.int('sort_order', false, 0),
      c.date('created_at'),
      c.bool('deleted'),
    ]);
    await createTable(
      qr,
      'tag',
      [
        { name: 'id', type: 'varchar', length: '64', isPrimary: true },
        c.str('group_id', 64),
        c.str('name', 64),
        c.int('sort_order', false, 0),
        c.date('created_at'),
        c.bool('deleted'),
      ],
      [index('idx_tag_group', ['group_id'])],
    );
    await createTable(
      qr,
      'customer_tag',
      [
        { name: 'follow_id', type: 'int', isPrimary: true },
        { name: 'tag_id', type: 'varchar', length: '64', isPrimary: true },
        c.int('customer_id'),
        c.createdAt(),
      ],
      [
        // Profile: all tags of a customer across guides; tag reports by tag.
        index('idx_customer_tag_customer', ['customer_id']),
        index('idx_customer_tag_tag', ['tag_id']),
      ],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('customer_tag');
    await qr.dropTable('tag');
    await qr.dropTable('tag_group');
  }
}
