import { In, type DataSource, type EntityManager } from 'typeorm';
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

/** A run whose heartbeat is older than this is considered dead (killed process) and may be resumed. */
export const STALE_AFTER_MS = 5 * 60_000;
/** Older unfinished runs are abandoned, not resumed (their API cursors have expired). */
export const RESUME_WITHIN_MS = 24 * 3600_000;

export function parseCheckpoint(value: unknown): Checkpoint | undefined {
  const parsed = checkpointSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Creates a run row (status queued) and returns it. */
export async function createRun(ds: DataSource | EntityManager, kind = 'full'): Promise<SyncRun> {
  const repo = ds.getRepository(SyncRunEntity);
  const result = await repo.insert({
    kind,
    status: 'queued',
    stage: null,
    progressDone: 0,
    progressTotal: 0,
    counts: {},
    checkpoint: null,
    error: null,
  });
  const id = Number(result.identifiers[0]?.id);
  return repo.findOneByOrFail({ id });
}

/** Is this run unfinished and free to continue (queued, failed, or running with a stale heartbeat)? */
export function isResumable(run: SyncRun, now = Date.now()): boolean {
  if (run.status === 'succeeded') return false;
  if (now - new Date(run.createdAt).getTime() > RESUME_WITHIN_MS) return false;
  if (run.status === 'running') {
    const cp = parseCheckpoint(run.checkpoint);
    const beat = cp ? Date.parse(cp.at) : new Date(run.startedAt ?? run.createdAt).getTime();
    return now - beat > STALE_AFTER_MS;
  }
  return true;
}

/** Is this run being worked on right now (running with a fresh heartbeat)? */
export function isLive(run: SyncRun, now = Date.now()): boolean {
  return run.status === 'running' && !isResumable(run, now) && now - new Date(run.createdAt).getTime() <= RESUME_WITHIN_MS;
}

/** The newest unfinished full run (queued/running/failed), if any. */
export async function latestUnfinished(ds: DataSource, kind = 'full'): Promise<SyncRun | undefined> {
  const run = await ds.getRepository(SyncRunEntity).findOne({
    where: { kind, status: In(['queued', 'running', 'failed']) },
    order: { id: 'DESC' },
  });
  return run ?? undefined;
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

export async function markRun(
  ds: DataSource,
  runId: number,
  patch: Partial<Pick<SyncRun, 'status' | 'error' | 'startedAt' | 'finishedAt' | 'counts' | 'stage' | 'progressDone' | 'progressTotal'>>,
): Promise<void> {
  await ds.getRepository(SyncRunEntity).update({ id: runId }, patch);
}

/**
 * Marks full runs left 'running' as failed (still resumable from their checkpoint). Only for a
 * process that knows it is the sole worker and has just started — the demo server — where such a
 * run belongs to a process that was killed; otherwise its fresh heartbeat would block a resume for minutes.
 */
export async function failInterruptedRuns(ds: DataSource, kind = 'full'): Promise<number> {
  const result = await ds
    .getRepository(SyncRunEntity)
    .update({ kind, status: 'running' }, { status: 'failed', error: 'interrupted: the process stopped during the run' });
  return result.affected ?? 0;
}
