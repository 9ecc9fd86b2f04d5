import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { driverCode } from '@server/db/errors.ts';
import { clearLease } from '@server/jobs/lease.ts';
import { z } from 'zod';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { SyncRunEntity, type SyncRun } from '@server/entities/SyncRun.ts';

/** Stages of a full sync, in order (docs/sync.md). */
export const SYNC_STAGES = ['directory', 'follow_users', 'customers', 'tags', 'groups', 'behavior', 'reconcile'] as const;
export type SyncStage = (typeof SYNC_STAGES)[number];

/**
 * Where a run stands, saved in sync_run.checkpoint in the same transaction as
 * each batch's data, so a killed run resumes exactly after the last commit.
 */
export const checkpointSchema = z.object({
  stage: z.enum(SYNC_STAGES),
  /** customers: index of the ≤100-member chunk; behavior: index of the member batch. */
  chunk: z.number().int().min(0).default(0),
  /** customers: batch/get_by_user cursor within the chunk; groups: groupchat/list cursor of the current page. */
  cursor: z.string().default(''),
  /** groups: chats of the current list page already written. */
  offset: z.number().int().min(0).default(0),
  /** When the run first started (reconciliation only touches rows older than this). */
  startedAt: z.iso.datetime(),
  /** Heartbeat: last checkpoint write; a 'running' run silent for long was killed. */
  at: z.iso.datetime(),
  apiCalls: z.number().int().min(0).default(0),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

export const countsSchema = z.record(z.string(), z.number());

/** Older unfinished runs are abandoned, not resumed (their API cursors have expired). */
export const RESUME_WITHIN_MS = 24 * 3600_000;

/** The lease whose holder works on the active full run (server/src/jobs/lease.ts). */
export const SYNC_LEASE = 'sync.full';

export function parseCheckpoint(value: unknown): Checkpoint | undefined {
  const parsed = checkpointSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The queued or running run of this kind; uq_sync_run_active allows at most one. */
export async function activeRun(ds: DataSource | EntityManager, kind = 'full'): Promise<SyncRun | null> {
  return ds.getRepository(SyncRunEntity).findOneBy({ activeKey: kind });
}

/** A unique-key violation: another instance made its run the active one first. */
function isDuplicateKey(err: unknown): boolean {
  const code = driverCode(err);
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export interface OpenedRun {
  run: SyncRun;
  /** The run was already queued or running (no new one was started). */
  alreadyActive: boolean;
  /** An interrupted run was reopened to continue from its checkpoint. */
  resumed: boolean;
}

/**
 * Makes a run the active one unless one is: the newest run when it failed
 * within RESUME_WITHIN_MS with a checkpoint (reopened, resumes), else a new
 * queued run. Atomic across instances: becoming active is one INSERT or one
 * conditional UPDATE of the unique active_key, so of two simultaneous starts
 * one wins and the other gets the winner's run.
 */
export async function openRun(ds: DataSource, kind = 'full', now = Date.now()): Promise<OpenedRun> {
  const repo = ds.getRepository(SyncRunEntity);
  for (let attempt = 0; attempt < 5; attempt++) {
    const active = await activeRun(ds, kind);
    if (active) return { run: active, alreadyActive: true, resumed: false };
    const newest = await newestRun(ds, kind);
    try {
      if (newest && isReopenable(newest, now)) {
        if (await reopenRun(ds, newest.id, kind)) {
          const run = await repo.findOneByOrFail({ id: newest.id });
          return { run, alreadyActive: false, resumed: parseCheckpoint(run.checkpoint) !== undefined };
        }
        continue; // someone else reopened or started one: read it
      }
      const result = await repo.insert({
        kind,
        status: 'queued',
        stage: null,
        progressDone: 0,
        progressTotal: 0,
        counts: {},
        checkpoint: null,
        error: null,
        activeKey: kind,
        takeovers: 0,
      });
      const id = Number(result.identifiers[0]?.id);
      return { run: await repo.findOneByOrFail({ id }), alreadyActive: false, resumed: false };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  throw new Error('could not open a sync run (the active run kept changing)');
}

/** A failed run recent enough to continue (from its checkpoint when it has one). */
export function isReopenable(run: SyncRun, now = Date.now()): boolean {
  return run.status === 'failed' && now - new Date(run.createdAt).getTime() <= RESUME_WITHIN_MS;
}

/** The newest run of a kind (only it may be reopened: an older one would undo what a newer run saw). */
export async function newestRun(ds: DataSource, kind = 'full'): Promise<SyncRun | null> {
  return ds.getRepository(SyncRunEntity).findOne({ where: { kind }, order: { id: 'DESC' } });
}

/** Failed → queued and active again (false when it is not failed any more or another run is active). */
export async function reopenRun(ds: DataSource, id: number, kind = 'full'): Promise<boolean> {
  try {
    const result = await ds
      .getRepository(SyncRunEntity)
      .update({ id, status: 'failed', activeKey: IsNull() }, { status: 'queued', activeKey: kind, finishedAt: null });
    return result.affected === 1;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** Saves progress (and optionally the checkpoint and counts) of a run; pass the batch's transaction manager. */
export async function saveProgress(
  manager: EntityManager,
  runId: number,
  patch: { stage?: SyncStage; checkpoint?: Checkpoint; counts?: Record<string, number>; progressDone?: number; progressTotal?: number },
): Promise<void> {
  const set: QueryDeepPartialEntity<SyncRun> = {};
  if (patch.stage !== undefined) set.stage = patch.stage;
  if (patch.checkpoint !== undefined) set.checkpoint = patch.checkpoint;
  if (patch.counts !== undefined) set.counts = patch.counts;
  if (patch.progressDone !== undefined) set.progressDone = patch.progressDone;
  if (patch.progressTotal !== undefined) set.progressTotal = patch.progressTotal;
  await manager.getRepository(SyncRunEntity).update({ id: runId }, set);
}

export type RunPatch = Partial<
  Pick<
    SyncRun,
    | 'status'
    | 'error'
    | 'startedAt'
    | 'finishedAt'
    | 'counts'
    | 'stage'
    | 'progressDone'
    | 'progressTotal'
    | 'activeKey'
    | 'owner'
    | 'takeovers'
    | 'takenOverFrom'
  >
>;

export async function markRun(db: DataSource | EntityManager, runId: number, patch: RunPatch): Promise<void> {
  await db.getRepository(SyncRunEntity).update({ id: runId }, patch);
}

/** Ends a run (succeeded or failed, with its end time) and gives up its active slot. */
export async function endRun(
  db: DataSource | EntityManager,
  runId: number,
  patch: RunPatch & { status: 'succeeded' | 'failed' },
): Promise<void> {
  await markRun(db, runId, { ...patch, activeKey: null, finishedAt: new Date() });
}

/**
 * Ends full runs left queued/running as failed (still resumable from their checkpoint) and frees the
 * sync lease. Only for a process that knows it is the sole worker and has just started — the demo
 * server — where such a run belongs to a process that was killed; a fleet waits for the lease to lapse instead.
 */
export async function failInterruptedRuns(ds: DataSource, kind = 'full'): Promise<number> {
  const result = await ds
    .getRepository(SyncRunEntity)
    .update(
      { kind, activeKey: kind },
      { status: 'failed', activeKey: null, finishedAt: new Date(), error: 'interrupted: the process stopped during the run' },
    );
  await clearLease(ds, SYNC_LEASE);
  return result.affected ?? 0;
}
