import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import type { WecomClient } from '@server/wecom/client.ts';
import type { Checkpoint, SyncStage } from '../run-store.ts';

/** The WeCom calls a full sync makes (WecomClient satisfies it; tests may wrap it). */
export type SyncApi = Pick<
  WecomClient,
  | 'listDepartments'
  | 'listUsers'
  | 'getFollowUserList'
  | 'batchGetByUser'
  | 'getCorpTagList'
  | 'listGroupChats'
  | 'getGroupChat'
  | 'getUserBehaviorData'
>;

/** What every stage gets from the orchestrator. */
export interface StageContext {
  ds: DataSource;
  api: SyncApi;
  runId: number;
  /** The checkpoint the stage starts from (its own fields are meaningful only when cp.stage is this stage). */
  cp: Checkpoint;
  counts: Record<string, number>;
  log: Logger;
  now: Date;
  /** Commits one batch: runs `write` and saves the new checkpoint/counts in the SAME transaction, then reports progress. */
  commit(
    next: Partial<Omit<Checkpoint, 'startedAt' | 'at'>> & { stage: SyncStage },
    write?: (m: EntityManager) => Promise<void>,
    progress?: { done: number; total?: number },
  ): Promise<void>;
  /** Staff ids by userid (refreshed after the directory stage). */
  staffIds(): Promise<Map<string, number>>;
  bump(key: string, by?: number): void;
}

/** Runs fn over items with at most `limit` in flight; results keep input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
