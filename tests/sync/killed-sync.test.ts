/**
 * A full sync whose process is killed (kill -9, no shutdown) stops blocking
 * the next one within a minute, by heartbeat: its lease (JOB_LEASE_SECONDS,
 * default 30 s) lapses because nobody renews it, and then `npm run sync` takes
 * the run over from its checkpoint and `POST /api/admin/sync` answers a start
 * that resumes it instead of "already running". The killed process runs with
 * the production lease defaults, so the minute is the one an operator gets.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, describe, expect, it } from 'vitest';
import { startSyncResponseSchema, type StartSyncResponse } from '@shared/api/sync.ts';
import { openDatabase } from '@server/db/data-source.ts';
import { leaseRow } from '@server/jobs/lease.ts';
import { SYNC_LEASE } from '@server/features/sync/run-store.ts';
import { startSimulator } from '@server/simulator/index.ts';
import { sessionHeaders } from '../support/auth.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { startAppFor, type Sim } from './support.ts';
import { waitFor } from '../support/wait-for.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CUSTOMERS = '200';
/** What an operator may wait at most before a killed sync no longer blocks the next one. */
const MINUTE_MS = 60_000;

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run sync` (the same script) as its own process, on `db`, with the demo corp from its in-process simulator. */
function startCli(db: TestDatabase, args: string[]): { kill(): void; done: Promise<CliResult> } {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: db.url, DEMO_CUSTOMERS: CUSTOMERS, NODE_ENV: 'test', LOG_LEVEL: 'silent' };
  // The production lease and heartbeat defaults, whatever the calling shell says.
  delete env.JOB_LEASE_SECONDS;
  delete env.JOB_HEARTBEAT_SECONDS;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli/sync.ts', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const done = new Promise<CliResult>((res) => child.once('exit', (code) => res({ code, stdout, stderr })));
  return { kill: () => child.kill('SIGKILL'), done };
}

interface RunRow {
  id: number;
  status: string;
  takeovers: number;
  checkpoint: unknown;
  finished_at: unknown;
  active_key: string | null;
}
const runs = (ds: DataSource): Promise<RunRow[]> =>
  ds.query('SELECT id, status, takeovers, checkpoint, finished_at, active_key FROM sync_run ORDER BY id');

/**
 * Starts `npm run sync` on a fresh database with a slow simulated WeCom and kills it (-9) once
 * it has committed batches past the directory; resolves when it is dead, with the kill time.
 */
async function killSyncMidRun(db: TestDatabase, ds: DataSource): Promise<{ killedAt: number; runId: number }> {
  const cli = startCli(db, ['--sim-latency=300']);
  const running = await waitFor(
    'the sync to commit batches past the directory',
    async () => {
      const [run] = await runs(ds).catch(() => []);
      const checkpoint = typeof run?.checkpoint === 'string' ? run.checkpoint : JSON.stringify(run?.checkpoint ?? null);
      return run?.status === 'running' && /"stage":"(customers|tags|groups|behavior)"/.test(checkpoint) ? run : undefined;
    },
    90_000,
  );
  cli.kill();
  const killedAt = Date.now();
  await cli.done;
  return { killedAt, runId: running.id };
}

/** Sleeps until the sync lease has lapsed (nobody renews a killed holder's lease); checks it lapses within the minute. */
async function waitForLeaseToLapse(ds: DataSource, killedAt: number): Promise<void> {
  const lease = await leaseRow(ds, SYNC_LEASE);
  expect(lease?.token).not.toBeNull();
  const expiresAt = lease?.expiresAt?.getTime() ?? 0;
  expect(expiresAt - killedAt).toBeLessThan(MINUTE_MS);
  await new Promise((r) => setTimeout(r, Math.max(0, expiresAt - Date.now()) + 500));
}

describe('a killed full sync', () => {
  const databases: TestDatabase[] = [];
  const sources: DataSource[] = [];
  let sim: Sim | undefined;
  afterAll(async () => {
    for (const ds of sources) await ds.destroy();
    for (const db of databases) await db.drop();
    await sim?.close();
  });

  async function freshDatabase(): Promise<{ db: TestDatabase; ds: DataSource }> {
    const db = await createTestDatabase();
    databases.push(db);
    const ds = await openDatabase(db.url); // migrated before the sync process starts
    sources.push(ds);
    return { db, ds };
  }

  it('blocks npm run sync only until its lease lapses (under a minute); then npm run sync takes the run over and finishes it', async () => {
    const { db, ds } = await freshDatabase();
    const { killedAt, runId } = await killSyncMidRun(db, ds);

    const refused = await startCli(db, []).done;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`full sync ${runId} is already running .* lapses in \\d+ s`));

    await waitForLeaseToLapse(ds, killedAt);
    const resumed = await startCli(db, []).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`${runId} (resumed)`);
    const [run, ...others] = await runs(ds);
    expect(others).toHaveLength(0);
    expect(run).toMatchObject({ id: runId, status: 'succeeded', takeovers: 1, active_key: null });
    expect(run?.finished_at).not.toBeNull();
    expect(Date.now() - killedAt).toBeLessThan(MINUTE_MS + 30_000); // the lapse plus the rest of the sync
  }, 180_000);

  it('makes POST /api/admin/sync answer "already running" only until its lease lapses; then the request resumes the run', async () => {
    const { db, ds } = await freshDatabase();
    const { killedAt, runId } = await killSyncMidRun(db, ds);
    // A server on the same database, talking to the same demo corp the killed process synced from.
    sim = await startSimulator({ corp: { customers: Number(CUSTOMERS) } });
    const [admin] = (await ds.query('SELECT userid FROM staff WHERE status = 1 ORDER BY id LIMIT 1')) as Array<{ userid: string }>;
    const app = await startAppFor(sim, { ADMIN_USERIDS: admin!.userid, SYNC_DAILY_AT: 'off', CALLBACK_POLL_SECONDS: '0' }, db);
    try {
      const headers = await sessionHeaders(app, admin!.userid);
      const start = async (): Promise<{ status: number; body: StartSyncResponse }> => {
        const res = await app.request('/api/admin/sync', { method: 'POST', headers });
        return { status: res.status, body: startSyncResponseSchema.parse(await res.json()) };
      };
      expect(await start()).toEqual({ status: 200, body: { id: runId, status: 'running', alreadyRunning: true, resumed: false } });

      await waitForLeaseToLapse(ds, killedAt);
      expect(await start()).toEqual({ status: 202, body: { id: runId, status: 'running', alreadyRunning: false, resumed: true } });
      const done = await waitFor(
        'the resumed run to finish',
        async () => {
          const [run] = await runs(ds);
          return run?.status === 'succeeded' || run?.status === 'failed' ? run : undefined;
        },
        60_000,
      );
      expect(done).toMatchObject({ id: runId, status: 'succeeded', takeovers: 1, active_key: null });
      expect(await runs(ds)).toHaveLength(1);
      const audits = (await ds.query(`SELECT detail FROM audit_log WHERE action = 'sync.start' AND target_id = ?`, [
        String(runId),
      ])) as unknown[];
      expect(audits).toHaveLength(1);
    } finally {
      await app.stop();
    }
  }, 180_000);
});
