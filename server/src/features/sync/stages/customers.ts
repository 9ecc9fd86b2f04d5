import { StaffEntity } from '@server/entities/Staff.ts';
import type { BatchGetByUserResponse } from '@server/wecom/schemas.ts';
import { chunks as inChunks } from '@server/db/sql.ts';
import { writeContactBatch, type ContactFollowInput } from '../write-contacts.ts';
import type { StageContext } from './context.ts';

/** Members per batch/get_by_user call (WeCom's maximum) and relations per page. */
export const USERS_PER_CALL = 100;
export const PAGE_LIMIT = 100;
/** Pages fetched ahead of the writer at most, and pages written per transaction at most. */
const MAX_AHEAD = 40;
const MAX_PAGES_PER_COMMIT = 20;

/** Follow users (客户联系 enabled) by userid, the order every run walks them in. */
export async function followUserIds(ctx: StageContext): Promise<string[]> {
  const rows = await ctx.ds
    .getRepository(StaffEntity)
    .find({ where: { isFollowUser: true }, select: { userid: true }, order: { userid: 'ASC' } });
  return rows.map((r) => r.userid);
}

interface Pos {
  chunk: number;
  cursor: string;
}
interface FetchedPage {
  items: ContactFollowInput[];
  next: Pos;
}

/**
 * Customers, relations and per-relation corp tags via batch/get_by_user:
 * members in chunks of ≤100, each chunk's cursor followed with limit 100.
 * A fetcher follows the cursor chain (it is inherently sequential) while the
 * writer commits whatever pages have arrived — one page when the database
 * keeps up, up to 20 when it lags — each commit together with the checkpoint
 * (chunk, cursor) of the next unwritten page. So the stage runs at API speed
 * and a killed run resumes after the last committed page.
 */
export async function syncCustomers(ctx: StageContext): Promise<void> {
  const chunks = inChunks(await followUserIds(ctx), USERS_PER_CALL);
  const staffIds = await ctx.staffIds();
  const start: Pos = ctx.cp.stage === 'customers' ? { chunk: ctx.cp.chunk, cursor: ctx.cp.cursor } : { chunk: 0, cursor: '' };
  if (start.chunk >= chunks.length) {
    await ctx.commit({ stage: 'tags' });
    return;
  }

  const buffer: FetchedPage[] = [];
  let fetchError: unknown;
  let fetchDone = false;
  let stop = false;
  let wakeWriter: (() => void) | undefined;
  let wakeFetcher: (() => void) | undefined;
  const signalWriter = () => {
    wakeWriter?.();
    wakeWriter = undefined;
  };

  const fetcher = (async () => {
    let pos = start;
    try {
      while (!stop && pos.chunk < chunks.length) {
        while (buffer.length >= MAX_AHEAD && !stop)
          await new Promise<void>((r) => {
            wakeFetcher = r;
          });
        if (stop) break;
        const page: BatchGetByUserResponse = await ctx.api.batchGetByUser({
          userid_list: chunks[pos.chunk]!,
          cursor: pos.cursor || undefined,
          limit: PAGE_LIMIT,
        });
        const next: Pos = page.next_cursor ? { chunk: pos.chunk, cursor: page.next_cursor } : { chunk: pos.chunk + 1, cursor: '' };
        buffer.push({
          items: page.external_contact_list.map(({ external_contact, follow_info }) => ({
            contact: external_contact,
            follow: { ...follow_info, tagIds: follow_info.tag_id ?? [] },
          })),
          next,
        });
        signalWriter();
        pos = next;
      }
    } catch (err) {
      fetchError = err;
    } finally {
      fetchDone = true;
      signalWriter();
    }
  })();

  let done = ctx.counts.relationsSeen ?? 0;
  try {
    for (;;) {
      while (buffer.length === 0 && !fetchDone)
        await new Promise<void>((r) => {
          wakeWriter = r;
        });
      if (buffer.length === 0) break;
      const pages = buffer.splice(0, MAX_PAGES_PER_COMMIT);
      wakeFetcher?.();
      wakeFetcher = undefined;
      const items = pages.flatMap((p) => p.items);
      const next = pages[pages.length - 1]!.next;
      done += items.length;
      await ctx.commit(
        next.chunk < chunks.length ? { stage: 'customers', chunk: next.chunk, cursor: next.cursor } : { stage: 'tags' },
        async (m) => {
          const r = await writeContactBatch(m, items, { now: ctx.now, source: 'sync', runId: ctx.runId, staffIds });
          ctx.counts.relationsSeen = done;
          ctx.bump('followsCreated', r.followsCreated);
          ctx.bump('followsChanged', r.followsChanged);
          ctx.bump('followsRestored', r.followsRestored);
          ctx.bump(
            'written',
            r.customersWritten + r.followsCreated + r.followsChanged + r.followsRestored + r.tagsAdded + r.tagsRemoved + r.interactions,
          );
          ctx.bump('interactionsAdded', r.interactions);
        },
        { done },
      );
    }
  } finally {
    stop = true;
    wakeFetcher?.();
    await fetcher;
  }
  if (fetchError !== undefined) throw fetchError instanceof Error ? fetchError : new Error(JSON.stringify(fetchError));
}
