import { loadConfig } from '@server/config/index.ts';
import { createDataSource, pendingMigrations } from '@server/db/data-source.ts';

/**
 * npm run migrate            apply pending migrations
 * npm run migrate -- --down  undo the most recent one
 * npm run migrate -- --status
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const ds = await createDataSource(config.DATABASE_URL);
  await ds.initialize();
  try {
    const args = process.argv.slice(2);
    if (args.includes('--down')) {
      await ds.undoLastMigration({ transaction: 'each' });
      process.stdout.write('undid the last migration\n');
    } else if (args.includes('--status')) {
      const pending = await pendingMigrations(ds);
      process.stdout.write(pending.length ? `pending:\n  ${pending.join('\n  ')}\n` : 'schema is current\n');
    } else {
      const applied = await ds.runMigrations({ transaction: 'each' });
      process.stdout.write(
        applied.length ? `applied:\n  ${applied.map((m) => m.name).join('\n  ')}\n` : 'nothing to apply: schema is current\n',
      );
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
