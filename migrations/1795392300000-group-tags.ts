import type { MigrationInterface, QueryRunner } from 'typeorm';
import { c, createTable, index } from './lib/schema.ts';

/** Our own tags for customer group chats (WeCom has no corp tags for groups). */
export class GroupTags1795392300000 implements MigrationInterface {
  name = 'GroupTags1795392300000';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(
      qr,
      'group_tag',
      [c.id(), c.str('name', 32), c.str('color', 16, false, '#1989fa'), c.createdAt()],
      [index('uq_group_tag_name', ['name'], true)],
    );
    await createTable(
      qr,
      'group_chat_tag',
      [{ name: 'group_id', type: 'int', isPrimary: true }, { name: 'group_tag_id', type: 'int', isPrimary: true }, c.createdAt()],
      [
        // Groups carrying a tag (filters, reports).
        index('idx_group_chat_tag_tag', ['group_tag_id', 'group_id']),
      ],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('group_chat_tag');
    await qr.dropTable('group_tag');
  }
}
