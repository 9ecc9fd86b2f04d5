import type { MigrationInterface, QueryRunner } from 'typeorm';
import { c, createTable } from './lib/schema.ts';

/**
 * Our settings per corp tag group (WeCom has none of this): whether the group is single-choice
 * (客户等级: one tag at a time). A table of its own, so a sync that rewrites tag_group never loses it.
 */
export class TagGroupSettings1796663400002 implements MigrationInterface {
  name = 'TagGroupSettings1796663400002';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'tag_group_setting', [
      { name: 'group_id', type: 'varchar', length: '64', isPrimary: true },
      c.bool('single_choice'),
      c.updatedAt(),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('tag_group_setting');
  }
}
