import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { c } from './lib/schema.ts';

/** The rollup's distinct-buyer windows: the guide's distinct buyers in the 7, 30 and 90 days ending on the row's day. */
const WINDOWS = ['buyers_7d', 'buyers_30d', 'buyers_90d'];

export class RollupBuyerWindows1796674410430 implements MigrationInterface {
  name = 'RollupBuyerWindows1796674410430';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumns(
      'staff_daily_stats',
      WINDOWS.map((name) => new TableColumn(c.int(name, false, 0))),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumns('staff_daily_stats', WINDOWS);
  }
}
