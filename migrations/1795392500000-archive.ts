import type { MigrationInterface, QueryRunner } from 'typeorm';
import { c, createTable, index } from './lib/schema.ts';

/**
 * Session archive (会话存档): the decrypted messages, the pull checkpoint with its
 * lease, consent per customer, reply turns for reply-time metrics, and the
 * sensitive-word list with the flags it raises.
 */
export class Archive1795392500000 implements MigrationInterface {
  name = 'Archive1795392500000';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(
      qr,
      'archive_message',
      [
        c.bigId(qr),
        c.bigint('seq'),
        c.str('msgid', 128),
        c.str('action', 16),
        c.str('msgtype', 32, true),
        c.str('sender', 64, true),
        c.text('tolist'),
        c.str('roomid', 64, true),
        c.date('msgtime'),
        // The 1v1 pair this message belongs to (null for group chats and unknown parties).
        c.int('staff_id', true),
        c.int('customer_id', true),
        c.str('direction', 8, true),
        // Searchable plain text of the message (text content, link title…), null when none.
        c.text('text', true),
        c.text('content'),
        c.bool('revoked'),
        c.date('revoked_at', true),
        c.createdAt(),
      ],
      [
        index('uq_archive_message_msgid', ['msgid'], true),
        index('idx_archive_message_seq', ['seq']),
        // Transcript of one guide with one customer, newest first (keyset on msgtime, id).
        index('idx_archive_message_pair', ['customer_id', 'staff_id', 'msgtime']),
        index('idx_archive_message_room', ['roomid', 'msgtime']),
      ],
    );
    await createTable(qr, 'archive_checkpoint', [
      { name: 'name', type: 'varchar', length: '32', isPrimary: true },
      c.bigint('seq', false, 0),
      c.bigint('messages_total', false, 0),
      // Lease: only the holder pulls and advances seq; expires so a crashed holder does not block forever.
      c.str('lease_owner', 64, true),
      c.date('lease_until', true),
      c.date('last_pull_at', true),
      c.text('last_error', true),
      c.updatedAt(),
    ]);
    await createTable(
      qr,
      'archive_consent',
      [
        c.id(),
        c.str('external_userid', 64),
        // The member of a 1v1 consent ('' for a group-chat consent).
        c.str('staff_userid', 64, false, ''),
        // The group of a room consent ('' for a 1v1 consent).
        c.str('roomid', 64, false, ''),
        c.str('status', 16),
        c.date('changed_at'),
        c.str('source', 16),
        c.updatedAt(),
      ],
      [index('uq_archive_consent', ['external_userid', 'staff_userid', 'roomid'], true)],
    );
    await createTable(
      qr,
      'reply_turn',
      [
        c.id(),
        c.int('staff_id'),
        c.int('customer_id'),
        c.str('opened_msgid', 128),
        c.date('opened_at'),
        c.str('day', 10),
        c.int('message_count', false, 1),
        c.date('replied_at', true),
        c.int('reply_seconds', true),
        c.str('reply_msgid', 128, true),
      ],
      [
        index('uq_reply_turn_opened', ['opened_msgid'], true),
        // Reports: per guide per day.
        index('idx_reply_turn_staff_day', ['staff_id', 'day']),
        // The open turn of a pair.
        index('idx_reply_turn_pair', ['staff_id', 'customer_id', 'replied_at']),
      ],
    );
    await createTable(
      qr,
      'sensitive_word',
      [c.id(), c.str('word', 64), c.str('created_by', 64, true), c.createdAt()],
      [index('uq_sensitive_word', ['word'], true)],
    );
    await createTable(
      qr,
      'archive_flag',
      [
        c.id(),
        c.str('msgid', 128),
        c.str('word', 64),
        c.int('staff_id', true),
        c.int('customer_id', true),
        c.str('roomid', 64, true),
        c.date('msgtime'),
        c.str('day', 10),
        c.str('excerpt', 255),
        c.createdAt(),
      ],
      [
        index('uq_archive_flag', ['msgid', 'word'], true),
        index('idx_archive_flag_time', ['msgtime']),
        index('idx_archive_flag_staff', ['staff_id', 'msgtime']),
      ],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('archive_flag');
    await qr.dropTable('sensitive_word');
    await qr.dropTable('reply_turn');
    await qr.dropTable('archive_consent');
    await qr.dropTable('archive_checkpoint');
    await qr.dropTable('archive_message');
  }
}
