import type { MigrationInterface, QueryRunner } from 'typeorm';
import { c, createTable, index } from './lib/schema.ts';

/** The append-only interaction timeline; the largest table, so every index is for a named query. */
export class Interactions1795392000008 implements MigrationInterface {
  name = 'Interactions1795392000008';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(
      qr,
      'interaction',
      [
        c.bigId(qr),
        c.int('customer_id', true),
        c.int('staff_id', true),
        c.int('group_id', true),
        c.str('type', 32),
        c.date('occurred_at'),
        c.str('day', 10),
        c.str('source', 16),
        c.str('dedupe_key', 128, true),
        c.text('payload'),
        c.createdAt(),
      ],
      [
        // Profile timeline: newest first per customer (keyset pagination on occurred_at, id).
        index('idx_interaction_customer_time', ['customer_id', 'occurred_at']),
        // Reports: per guide per day, by type.
        index('idx_interaction_staff_day', ['staff_id', 'day', 'type']),
        index('idx_interaction_group_time', ['group_id', 'occurred_at']),
        // A repeated event (callback retry, archive re-read) inserts nothing.
        index('uq_interaction_dedupe', ['dedupe_key'], true),
      ],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('interaction');
  }
}
