import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { c, createTable, index } from './lib/schema.ts';

/**
 * Acquisition: channel codes (渠道活码) with their guides and the adds they
 * brought (with the welcome's outcome), uploaded images with their WeCom
 * media ids, group join codes and the joins they brought. The follow's state
 * is indexed because the channel report joins relations to channels by it.
 */
export class Channels1796665432619 implements MigrationInterface {
  name = 'Channels1796665432619';

  async up(qr: QueryRunner): Promise<void> {
    const mysql = qr.connection.options.type === 'mysql' || qr.connection.options.type === 'mariadb';
    await createTable(
      qr,
      'channel',
      [
        c.id(),
        c.str('name', 64),
        c.str('channel_group', 16),
        // The state WeCom echoes in the add callback: our key, ≤ 30 characters.
        c.str('state_key', 30),
        c.int('department_id', true),
        c.str('rotation', 16),
        c.int('daily_cap', true),
        c.bool('skip_verify'),
        c.text('tag_ids'),
        c.text('welcome'),
        c.date('expires_at', true),
        c.str('config_id', 64, true),
        c.str('qr_code', 512, true),
        // Who the WeCom contact way lists right now, and the round-robin position.
        c.text('current_userids'),
        c.int('rr_cursor', false, 0),
        c.int('created_by', true),
        c.date('deleted_at', true),
        c.createdAt(),
        c.updatedAt(),
      ],
      [index('uq_channel_state_key', ['state_key'], true), index('idx_channel_department', ['department_id'])],
    );
    await createTable(
      qr,
      'channel_guide',
      [c.id(), c.int('channel_id'), c.int('staff_id'), c.int('position', false, 0)],
      [index('uq_channel_guide', ['channel_id', 'staff_id'], true), index('idx_channel_guide_staff', ['staff_id'])],
    );
    await createTable(
      qr,
      'channel_add',
      [
        c.id(),
        c.int('channel_id'),
        c.int('customer_id', true),
        c.int('staff_id', true),
        c.str('external_userid', 64),
        c.str('userid', 64),
        c.date('added_at'),
        // sent | window_missed | no_code | expired_channel | failed
        c.str('welcome_status', 16),
        c.str('welcome_error', 255, true),
        c.int('welcome_ms', true),
        c.bool('tags_applied'),
        c.str('dedupe_key', 191),
        c.createdAt(),
      ],
      [
        index('uq_channel_add_dedupe', ['dedupe_key'], true),
        index('idx_channel_add_channel_day', ['channel_id', 'added_at']),
        index('idx_channel_add_staff_day', ['staff_id', 'added_at']),
      ],
    );
    await createTable(
      qr,
      'media_asset',
      [
        c.id(),
        c.str('sha256', 64),
        c.str('filename', 128),
        c.str('content_type', 64),
        { name: 'bytes', type: mysql ? 'mediumblob' : 'blob', isNullable: false },
        c.str('media_id', 255, true),
        c.date('media_uploaded_at', true),
        c.createdAt(),
      ],
      [index('uq_media_asset_sha256', ['sha256'], true)],
    );
    await createTable(
      qr,
      'group_join_way',
      [
        c.id(),
        c.str('name', 64),
        c.str('state_key', 30),
        c.int('department_id', true),
        c.text('chat_ids'),
        c.str('room_base_name', 40, true),
        c.bool('auto_create'),
        c.text('welcome_text', true),
        c.str('template_id', 64, true),
        c.str('config_id', 64, true),
        c.str('qr_code', 512, true),
        c.int('created_by', true),
        c.date('deleted_at', true),
        c.createdAt(),
        c.updatedAt(),
      ],
      [index('uq_group_join_way_state', ['state_key'], true)],
    );
    await createTable(
      qr,
      'group_join',
      [c.id(), c.int('join_way_id'), c.str('chat_id', 64), c.str('member_id', 64), c.date('joined_at'), c.createdAt()],
      [index('uq_group_join_member', ['chat_id', 'member_id'], true), index('idx_group_join_way_day', ['join_way_id', 'joined_at'])],
    );
    await qr.createIndex('customer_follow', index('idx_customer_follow_state', ['state', 'added_at']));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('customer_follow', 'idx_customer_follow_state');
    for (const t of ['group_join', 'group_join_way', 'media_asset', 'channel_add', 'channel_guide', 'channel']) await qr.dropTable(t);
  }
}
