import type { MigrationInterface, QueryRunner } from 'typeorm';
import { c, createTable, index } from './lib/schema.ts';

/** The script library (话术库) and its send log. */
export class Scripts1795392000006 implements MigrationInterface {
  name = 'Scripts1795392000006';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(
      qr,
      'script_folder',
      [
        c.id(),
        c.str('name', 64),
        c.int('parent_id', true),
        c.str('scope', 16),
        c.int('owner_staff_id', true),
        c.int('sort_order', false, 0),
        c.createdAt(),
        c.updatedAt(),
      ],
      [index('idx_script_folder_scope', ['scope', 'owner_staff_id'])],
    );
    await createTable(
      qr,
      'script',
      [
        c.id(),
        c.int('folder_id', true),
        c.str('scope', 16),
        c.int('owner_staff_id', true),
        c.str('type', 16),
        c.str('title', 128),
        c.text('content'),
        c.bool('for_group'),
        c.text('target_segments'),
        c.text('target_stages'),
        c.text('target_tag_ids'),
        c.int('send_count', false, 0),
        c.date('last_sent_at', true),
        c.date('deleted_at', true),
        c.createdAt(),
        c.updatedAt(),
      ],
      [index('idx_script_scope_owner', ['scope', 'owner_staff_id']), index('idx_script_folder', ['folder_id'])],
    );
    await createTable(
      qr,
      'script_send',
      [
        c.id(),
        c.int('script_id'),
        c.int('staff_id'),
        c.int('customer_id', true),
        c.int('group_id', true),
        c.date('sent_at'),
        c.str('day', 10),
      ],
      [
        index('idx_script_send_script', ['script_id', 'sent_at']),
        index('idx_script_send_staff_day', ['staff_id', 'day']),
        index('idx_script_send_customer', ['customer_id', 'sent_at']),
      ],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('script_send');
    await qr.dropTable('script');
    await qr.dropTable('script_folder');
  }
}
