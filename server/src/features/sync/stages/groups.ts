import { WecomApiError, isRetryable } from '@server/wecom/errors.ts';
import type { GroupChat } from '@server/wecom/schemas.ts';
import { writeGroupChats } from '../write-groups.ts';
import { mapLimit, type StageContext } from './context.ts';

/** groupchat/list page size (WeCom's maximum), chats written per transaction, groupchat/get calls in flight. */
export const LIST_LIMIT = 1000;
export const CHATS_PER_BATCH = 100;
export const GET_CONCURRENCY = 8;

/**
 * Customer groups: groupchat/list (limit 1000, cursor), then groupchat/get
 * with need_name=1 for each chat, a bounded number at a time. Chats are
 * written 100 per transaction with the checkpoint (list cursor + offset in
 * the page). A chat that vanished between list and get is skipped (the
 * reconciliation marks it dismissed).
 */
export async function syncGroups(ctx: StageContext): Promise<void> {
  let cursor = ctx.cp.stage === 'groups' ? ctx.cp.cursor : '';
  let offset = ctx.cp.stage === 'groups' ? ctx.cp.offset : 0;
  const staffIds = await ctx.staffIds();
  let done = ctx.counts.groupsSeen ?? 0;
  for (;;) {
    const page = await ctx.api.listGroupChats({ limit: LIST_LIMIT, cursor: cursor || undefined });
    const list = page.group_chat_list;
    const last = !page.next_cursor;
    if (offset >= list.length) {
      await ctx.commit(last ? { stage: 'behavior', chunk: 0 } : { stage: 'groups', cursor: page.next_cursor ?? '', offset: 0 });
    }
    while (offset < list.length) {
      const slice = list.slice(offset, offset + CHATS_PER_BATCH);
      const chats = await mapLimit(slice, GET_CONCURRENCY, async (item): Promise<{ chat: GroupChat; status: number } | undefined> => {
        try {
          return { chat: await ctx.api.getGroupChat(item.chat_id, true), status: item.status };
        } catch (err) {
          // Only WeCom's own "no such chat" answers mean skip; anything else fails the batch.
          if (!(err instanceof WecomApiError) || isRetryable(err)) throw err;
          ctx.log.warn({ chatId: item.chat_id, err }, 'group chat not readable; skipped');
          return undefined;
        }
      });
      offset += slice.length;
      const pageDone = offset >= list.length;
      const present = chats.filter((c): c is { chat: GroupChat; status: number } => c !== undefined);
      done += present.length;
      await ctx.commit(
        pageDone
          ? last
            ? { stage: 'behavior', chunk: 0 }
            : { stage: 'groups', cursor: page.next_cursor ?? '', offset: 0 }
          : { stage: 'groups', cursor, offset },
        async (m) => {
          const r = await writeGroupChats(m, present, { now: ctx.now, source: 'sync', runId: ctx.runId, staffIds });
          ctx.counts.groupsSeen = done;
          ctx.bump('written', r.groupsWritten + r.membersJoined + r.membersChanged + r.membersLeft);
          ctx.bump('interactionsAdded', r.interactions);
        },
        { done },
      );
    }
    if (last) return;
    cursor = page.next_cursor ?? '';
    offset = 0;
  }
}
