import type { EntityManager } from 'typeorm';
import type { AppDeps } from '@server/context.ts';
import { CustomerEntity } from '@server/entities/Customer.ts';
import { CustomerFollowEntity } from '@server/entities/CustomerFollow.ts';
import { GroupChatEntity } from '@server/entities/GroupChat.ts';
import { GroupMemberEntity } from '@server/entities/GroupMember.ts';
import { StaffEntity } from '@server/entities/Staff.ts';
import { log } from '@server/logger.ts';
import { wecomClientFor } from '@server/wecom/client.ts';
import { nowSeconds } from '@server/db/sql.ts';
import { errorText } from '@server/db/errors.ts';
import { isRetryable } from '@server/wecom/errors.ts';
import { LeaseLostError, fenceLease, releaseLease, startHeartbeat } from '@server/jobs/lease.ts';
import { SYNC_STAGES, endRun, parseCheckpoint, saveProgress, type Checkpoint, type SyncStage } from './run-store.ts';
import { claimRun } from './run-claim.ts';
import { syncBehavior } from './stages/behavior.ts';
import type { StageContext, SyncApi } from './stages/context.ts';
import { syncCustomers } from './stages/customers.ts';
import { syncDirectory, syncFollowUsers } from './stages/directory.ts';
import { syncGroups } from './stages/groups.ts';
import { reconcile } from './stages/reconcile.ts';
import { syncTags } from './stages/tags.ts';
import { IsNull } from 'typeorm';
import { attachUnmatchedOrders } from '@server/features/orders/index.ts';

export interface SyncProgress {
  runId: number;
  stage: SyncStage;
  done: number;
  total: number;
  counts: Record<string, number>;
}

export interface FullSyncOptions {
  /** Defaults to wecomClientFor(deps). */
  client?: SyncApi;
  /** Called after every committed batch. */
  onProgress?: (p: SyncProgress) => void;
  /** Run (or resume) this sync_run; without it the active run, else the newest failed one (resumed), else a new one. */
  syncRunId?: number;
  /** Stops the run after the current batch commits (the run stays resumable). */
  signal?: AbortSignal;
}

export interface FullSyncResult {
  runId: number;
  status: 'succeeded';
  counts: Record<string, number>;
  resumed: boolean;
  ms: number;
}

/** Thrown when a run is stopped through its AbortSignal; the checkpoint is kept. */
export class SyncAbortedError extends Error {
  constructor() {
    super('sync aborted');
    this.name = 'SyncAbortedError';
  }
}

export { SyncBusyError, SyncRunEndedError } from './run-claim.ts';

const STAGE_FN: Record<SyncStage, (ctx: StageContext) => Promise<void>> = {
  directory: syncDirectory,
  follow_users: syncFollowUsers,
  customers: syncCustomers,
  tags: syncTags,
  groups: syncGroups,
  behavior: syncBehavior,
  reconcile,
};

/**
 * Wraps the API for the sync: counts calls (apiCalls in the run's counts) and
 * rides out longer outages than the client's own retries do — a 45009 window
 * lasts up to a minute — by retrying retryable errors with backoff for up to
 * `maxWaitMs` before the batch (and the run, resumably) fails.
 */
export function resilientApi(api: SyncApi, bump: () => void, maxWaitMs = 90_000): SyncApi {
  const wrap =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const deadline = Date.now() + maxWaitMs;
      for (let delay = 500; ; delay = Math.min(delay * 2, 10_000)) {
        bump();
        try {
          return await fn(...args);
        } catch (err) {
          if (!isRetryable(err) || Date.now() + delay > deadline) throw err;
          log('sync').warn({ err: err instanceof Error ? err.message : String(err), retryInMs: delay }, 'WeCom call failed; sync retries');
          await new Promise((r) => setTimeout(r, delay));
        }
      }
    };
  return {
    listDepartments: wrap((id?: number) => api.listDepartments(id)),
    listUsers: wrap((id: number) => api.listUsers(id)),
    getFollowUserList: wrap(() => api.getFollowUserList()),
    batchGetByUser: wrap((b: Parameters<SyncApi['batchGetByUser']>[0]) => api.batchGetByUser(b)),
    getCorpTagList: wrap((b?: Parameters<SyncApi['getCorpTagList']>[0]) => api.getCorpTagList(b)),
    listGroupChats: wrap((b: Parameters<SyncApi['listGroupChats']>[0]) => api.listGroupChats(b)),
    getGroupChat: wrap((id: string, needName?: boolean) => api.getGroupChat(id, needName)),
    getUserBehaviorData: wrap((b: Parameters<SyncApi['getUserBehaviorData']>[0]) => api.getUserBehaviorData(b)),
  };
}

/**
 * Full sync of the corp into the database (docs/sync.md): directory → follow
 * users → customers/relations/tags → corp tags → groups → behaviour stats →
 * reconciliation. Resumable: every batch commits with its checkpoint, and a
 * run killed at any point continues from there on the next call. Idempotent:
 * a second run rewrites nothing that did not change.
 */
export async function runFullSync(deps: AppDeps, options: FullSyncOptions = {}): Promise<FullSyncResult> {
  const t0 = Date.now();
  const { run, holder, timing, resumed } = await claimRun(deps, options.syncRunId);
  const saved = parseCheckpoint(run.checkpoint);
  const now = nowSeconds();
  const counts: Record<string, number> = { ...(resumed ? run.counts : {}) };
  let cp: Checkpoint = saved ?? {
    stage: 'directory',
    chunk: 0,
    cursor: '',
    offset: 0,
    startedAt: now.toISOString(),
    at: now.toISOString(),
    apiCalls: 0,
  };
  const logger = log('sync', { runId: run.id, instance: holder.owner });
  logger.info({ resumed, stage: cp.stage }, resumed ? 'resuming full sync' : 'starting full sync');
  // Heartbeats keep the lease while batches take their time; a lost lease stops the run at its next commit.
  const lost = new AbortController();
  const heartbeat = startHeartbeat(deps.ds, holder, timing, () => lost.abort());
  const fence = (m: EntityManager) => fenceLease(m, holder, timing.ttlMs);

  const bump = (key: string, by = 1) => {
    counts[key] = (counts[key] ?? 0) + by;
  };
  const api = resilientApi(options.client ?? wecomClientFor(deps), () => bump('apiCalls'));
  let staffCache: Map<string, number> | undefined;
  const ctx: StageContext = {
    ds: deps.ds,
    api,
    runId: run.id,
    cp,
    counts,
    log: logger,
    now,
    bump,
    staffIds: async () => {
      staffCache ??= new Map(
        (await deps.ds.getRepository(StaffEntity).find({ select: { id: true, userid: true } })).map((s) => [s.userid, s.id]),
      );
      return staffCache;
    },
    commit: async (next, write, progress) => {
      const checkpoint: Checkpoint = {
        chunk: 0,
        cursor: '',
        offset: 0,
        ...next,
        startedAt: cp.startedAt,
        at: new Date().toISOString(),
        apiCalls: counts.apiCalls ?? 0,
      };
      const before = { ...counts };
      const dbStarted = performance.now();
      try {
        await deps.ds.transaction(async (m: EntityManager) => {
          if (write) await write(m);
          // Only the lease holder commits: a run taken over by another instance rolls this batch back.
          await fence(m);
          await saveProgress(m, run.id, {
            stage: checkpoint.stage,
            checkpoint,
            counts: { ...counts },
            progressDone: progress?.done ?? 0,
            progressTotal: progress?.total ?? 0,
          });
        });
      } catch (err) {
        // The batch rolled back: so do the counts it bumped.
        for (const k of Object.keys(counts)) delete counts[k];
        Object.assign(counts, before);
        throw err;
      }
      // Time spent in the database (for the DB write rate; saved with the next batch).
      bump('dbMs', Math.round(performance.now() - dbStarted));
      cp = checkpoint;
      options.onProgress?.({
        runId: run.id,
        stage: checkpoint.stage,
        done: progress?.done ?? 0,
        total: progress?.total ?? 0,
        counts: { ...counts },
      });
      if (lost.signal.aborted) throw new LeaseLostError(holder.name);
      if (options.signal?.aborted) throw new SyncAbortedError();
    },
  };

  try {
    for (let i = SYNC_STAGES.indexOf(cp.stage); i < SYNC_STAGES.length; i++) {
      const stage = SYNC_STAGES[i]!;
      ctx.cp = cp;
      if (stage === 'customers' || stage === 'groups' || stage === 'behavior') staffCache = undefined;
      await STAGE_FN[stage](ctx);
      // A stage that wrote nothing past its own name (e.g. reconcile with nothing to do) still moves the checkpoint on.
      if (cp.stage === stage && stage !== 'reconcile' && SYNC_STAGES.indexOf(cp.stage) === i) {
        await ctx.commit({ stage: SYNC_STAGES[i + 1] ?? 'reconcile' });
      }
    }
    // Orders that arrived before their customer was known are attached now (set-based, by every identity key).
    counts.ordersAttached = await attachUnmatchedOrders(deps);
    const totals = await tableTotals(deps);
    Object.assign(counts, totals);
    const ms = Date.now() - t0;
    counts.ms = (resumed ? (run.counts.ms ?? 0) : 0) + ms;
    await deps.ds.transaction(async (m) => {
      await fence(m);
      await endRun(m, run.id, { status: 'succeeded', stage: 'reconcile', counts, error: null });
    });
    logger.info({ counts }, 'full sync finished');
    return { runId: run.id, status: 'succeeded', counts, resumed, ms };
  } catch (err) {
    const message = errorText(err);
    if (err instanceof LeaseLostError || lost.signal.aborted) {
      logger.warn({ stage: cp.stage }, 'full sync stopped: another instance took it over');
    } else {
      // Failed runs end (finishedAt) and free the active slot; the next start resumes from the checkpoint.
      await deps.ds
        .transaction(async (m) => {
          await fence(m);
          await endRun(m, run.id, { status: 'failed', error: message.slice(0, 2000) });
        })
        .catch(() => undefined);
      logger.warn({ err, stage: cp.stage }, 'full sync stopped; resumable from its checkpoint');
    }
    throw err;
  } finally {
    heartbeat.stop();
    await releaseLease(deps.ds, holder).catch((err: unknown) => logger.warn({ err }, 'could not release the sync lease'));
  }
}

/** What the database holds after the run (reported in counts). */
async function tableTotals(deps: AppDeps): Promise<Record<string, number>> {
  const { ds } = deps;
  return {
    staffTotal: await ds.getRepository(StaffEntity).count(),
    customersTotal: await ds.getRepository(CustomerEntity).count(),
    followsActive: await ds.getRepository(CustomerFollowEntity).count({ where: { lostAt: IsNull() } }),
    groupsActive: await ds.getRepository(GroupChatEntity).count({ where: { dismissedAt: IsNull() } }),
    groupMembersActive: await ds.getRepository(GroupMemberEntity).count({ where: { leftAt: IsNull() } }),
  };
}
