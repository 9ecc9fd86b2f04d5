import type { MigrationInterface, QueryRunner } from 'typeorm';
import { c, createTable, index } from './lib/schema.ts';

/** Corp-defined profile fields (渐进式画像) and their values per customer. */
export class ProfileFields1796663400000 implements MigrationInterface {
  name = 'ProfileFields1796663400000';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'profile_field', [
      c.id(),
      c.str('label', 16),
      c.str('type', 16),
      // JSON array of option names (choice fields not linked to a tag group).
      c.text('options'),
      c.str('tag_group_id', 64, true),
      { ...c.bool('counted'), default: 1 },
      c.int('sort_order', false, 0),
      // Removed fields are archived, so values entered under them are not lost by a misclick.
      c.bool('archived'),
      c.createdAt(),
      c.updatedAt(),
    ]);
    await createTable(
      qr,
      'customer_field_value',
      [
        { name: 'customer_id', type: 'int', isPrimary: true },
        { name: 'field_id', type: 'int', isPrimary: true },
        // JSON-encoded value (string, number or array of option names).
        c.text('value'),
        c.int('updated_by', true),
        c.updatedAt(),
      ],
      // Admin questions "who has a value for this field" and deleting a field's values.
      [index('idx_customer_field_value_field', ['field_id'])],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('customer_field_value');
    await qr.dropTable('profile_field');
  }
}
