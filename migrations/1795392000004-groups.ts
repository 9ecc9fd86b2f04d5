import type { MigrationInterface, QueryRunner } from 'typeorm';
import { c, createTable, index } from './lib/schema.ts';

/** Customer group chats and their members (rows kept after leaving). */
export class Groups1795392000004 implements MigrationInterface {
  name = 'Groups1795392000004';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(
      qr,
      'group_chat',
      [
        c.id(),
        c.str('chat_id', 64),
        c.str('name', 128),
        c.str('owner_userid', 64),
        c.text('notice', true),
        c.int('status', false, 0),
        c.date('create_time'),
        c.date('dismissed_at', true),
        c.int('member_count', false, 0),
        c.int('customer_count', false, 0),
        c.int('last_seen_sync_id', true),
        c.updatedAt(),
      ],
      [index('uq_group_chat_chat_id', ['chat_id'], true), index('idx_group_chat_owner', ['owner_userid'])],
    );
    await createTable(
      qr,
      'group_member',
      [
        c.id(),
        c.int('group_id'),
        c.int('member_type'),
        c.str('userid', 64),
        c.str('unionid', 64, true),
        c.int('customer_id', true),
        c.int('staff_id', true),
        c.str('name', 128, true),
        c.str('group_nickname', 128, true),
        c.date('join_time'),
        c.int('join_scene', false, 0),
        c.str('invitor_userid', 64, true),
        c.date('left_at', true),
      ],
      [
        index('uq_group_member', ['group_id', 'userid'], true),
        // Groups a customer / staff member belongs to (access checks, profile).
        index('idx_group_member_customer', ['customer_id']),
        index('idx_group_member_staff', ['staff_id']),
      ],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('group_member');
    await qr.dropTable('group_chat');
  }
}
