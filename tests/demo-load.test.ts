import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

/**
 * The demo load completes after a kill at any point: a child process runs the demo server's
 * start and SIGKILLs itself at a named point of the load; the next start completes it, and the
 * database ends with the same row counts as a load that was never interrupted.
 */
const CHILD = resolve(import.meta.dirname, 'support/demo-load-child.ts');
/** The same anchor for every run, so both databases hold the same corp whatever the clock does meanwhile. */
const ANCHOR = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString();
/** Bookkeeping of runs, not demo data: a killed run leaves its own row, callbacks arrive on their own schedule, alerts follow the wall clock. */
const RUN_TABLES = new Set(['sync_run', 'rfm_run', 'wecom_event', 'audit_log', 'alert']);

interface ChildResult {
  signal: NodeJS.Signals | null;
  code: number | null;
  counts?: Record<string, number>;
  output: string;
}

function runChild(db: TestDatabase, crash?: [point: string, nth: number]): Promise<ChildResult> {
  const args = ['--import', 'tsx', CHILD, ANCHOR, ...(crash ? [crash[0], String(crash[1])] : [])];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, DATABASE_URL: db.url, DEMO_CUSTOMERS: '150', DEMO_SEED: 'auto', LOG_LEVEL: 'warn', PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr.on('data', (b: Buffer) => (output += b.toString()));
  return new Promise((done) =>
    child.once('exit', (code, signal) => {
      const line = /^DEMO_LOAD_COUNTS (.*)$/m.exec(output)?.[1];
      done({ code, signal, output, ...(line ? { counts: JSON.parse(line) as Record<string, number> } : {}) });
    }),
  );
}

const demoRows = (counts: Record<string, number> | undefined) =>
  Object.fromEntries(Object.entries(counts ?? {}).filter(([table]) => !RUN_TABLES.has(table)));

describe('demo load killed at any point', () => {
  let clean: TestDatabase;
  let killed: TestDatabase;
  beforeAll(async () => {
    clean = await createTestDatabase();
    killed = await createTestDatabase();
  });
  afterAll(async () => {
    await clean?.drop();
    await killed?.drop();
  });

  it('is completed by the next start to the same table counts as a load never interrupted', { timeout: 600_000 }, async () => {
    const reference = await runChild(clean);
    expect(reference.code, reference.output).toBe(0);
    const expected = demoRows(reference.counts);
    // A complete demo: every part left rows.
    for (const table of [
      'customer',
      'orders',
      'script',
      'interaction',
      'archive_message',
      'reply_turn',
      'staff_daily_stats',
      'channel',
      'channel_add',
      'group_join_way',
      'group_join',
    ])
      expect(expected[table], table).toBeGreaterThan(0);

    // After the sync; with the orders written but not yet recorded as done; in the middle of the archive pull; with some channel codes made;
    // with the first group join code made in WeCom and our records, before anyone joined through it.
    for (const crash of [
      ['after:sync', 1],
      ['orders:chunk', 1],
      ['archive:batch', 2],
      ['channels:code', 3],
      ['joinways:code', 1],
    ] as Array<[string, number]>) {
      const r = await runChild(killed, crash);
      expect(r.signal, `${crash[0]}: ${r.output}`).toBe('SIGKILL');
    }
    const repaired = await runChild(killed);
    expect(repaired.code, repaired.output).toBe(0);
    expect(demoRows(repaired.counts)).toEqual(expected);
  });
});
