import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { c, createTable } from './lib/schema.ts';

/**
 * Versions of the corp-wide data every server process caches in memory (the tag catalog, the
 * next-action rules): a write bumps its row in the same transaction, and each authenticated
 * request reads the sum with the session, so a cache anywhere in the fleet is dropped on the
 * first request after the change without another statement.
 */
export class DataVersion1796671000000 implements MigrationInterface {
  name = 'DataVersion1796671000000';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'data_version', [{ ...c.str('name', 32), isPrimary: true }, c.bigint('version', false, 0)]);
    await qr.query("INSERT INTO data_version (name, version) VALUES ('tag_catalog', 0), ('nba_rules', 0)");
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('data_version');
  }
}
