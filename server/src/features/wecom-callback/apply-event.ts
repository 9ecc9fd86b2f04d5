import { In, type DataSource } from 'typeorm';
import { CustomerEntity } from '@server/entities/Customer.ts';
import { CustomerFollowEntity } from '@server/entities/CustomerFollow.ts';
import { CustomerTagEntity } from '@server/entities/CustomerTag.ts';
import { GroupChatEntity } from '@server/entities/GroupChat.ts';
import { StaffEntity } from '@server/entities/Staff.ts';
import { TagEntity } from '@server/entities/Tag.ts';
import type {
  ChangeExternalChatEvent,
  ChangeExternalContactEvent,
  ChangeExternalTagEvent,
  CallbackEvent,
} from '@server/wecom/callback-xml.ts';
import type { WecomClient } from '@server/wecom/client.ts';
import { isInvalidExternalUserid, isRelationGone, WecomApiError, isRetryable } from '@server/wecom/errors.ts';
import { writeContactBatch, writeCorpTags, writeGroupChats, type ContactFollowInput } from '@server/features/sync/index.ts';
import { recordInteractions } from '@server/features/timeline/index.ts';
import { applyTransferFail } from '@server/features/transfer/index.ts';
import { nowSeconds } from '@server/db/sql.ts';
import { dedupeKey, fromUnix } from '@server/features/sync/index.ts';

/** The WeCom calls callback processing makes. */
export type CallbackApi = Pick<WecomClient, 'getExternalContact' | 'getGroupChat' | 'getCorpTagList'>;

export interface ApplyContext {
  ds: DataSource;
  api: CallbackApi;
}

/** What applying one event did (for logs and tests). */
export type ApplyOutcome = 'applied' | 'nothing_to_do';

async function staffIds(ds: DataSource): Promise<Map<string, number>> {
  const rows = await ds.getRepository(StaffEntity).find({ select: { id: true, userid: true } });
  return new Map(rows.map((s) => [s.userid, s.id]));
}

/**
 * Applies one verified callback event by re-reading what changed from the
 * API (events only say *that* something changed) and writing it with the
 * same batch writers as the full sync. Idempotent: applying an event twice
 * leaves the database as applying it once (interactions carry dedupe keys).
 */
export async function applyEvent(ctx: ApplyContext, event: CallbackEvent): Promise<ApplyOutcome> {
  switch (event.Event) {
    case 'change_external_contact':
      return applyContactEvent(ctx, event);
    case 'change_external_chat':
      return applyChatEvent(ctx, event);
    case 'change_external_tag':
      return applyTagEvent(ctx, event);
    case 'msgaudit_notify':
      // The archive job is woken by the receiver's hook; nothing to store here.
      return 'nothing_to_do';
  }
}

async function applyContactEvent(ctx: ApplyContext, e: ChangeExternalContactEvent): Promise<ApplyOutcome> {
  switch (e.ChangeType) {
    case 'add_external_contact':
    case 'add_half_external_contact':
    case 'edit_external_contact':
    case 'msg_audit_approved':
      return refreshContactWithStaff(ctx, e.ExternalUserID);
    case 'transfer_fail':
      // The customer stays with the old guide: the transfer item fails with WeCom's reason, then the relations are re-read.
      await applyTransferFail(ctx.ds, e);
      return refreshContactWithStaff(ctx, e.ExternalUserID);
    case 'del_external_contact':
      return markLost(ctx, e, 'staff_deleted_customer');
    case 'del_follow_user':
      return markLost(ctx, e, 'customer_deleted_staff');
  }
}

/** Re-reads one customer with all its relations (externalcontact/get) and upserts them. */
export async function refreshContactWithStaff(ctx: ApplyContext, externalUserid: string): Promise<ApplyOutcome> {
  let detail;
  try {
    detail = await ctx.api.getExternalContact(externalUserid);
  } catch (err) {
    if (isRelationGone(err) || isInvalidExternalUserid(err)) return 'nothing_to_do';
    throw err;
  }
  const items: ContactFollowInput[] = detail.follow_user.map((f) => ({
    contact: detail.external_contact,
    follow: { ...f, tagIds: (f.tags ?? []).flatMap((t) => (t.tag_id && t.type !== 2 ? [t.tag_id] : [])) },
  }));
  const ids = await staffIds(ctx.ds);
  await ctx.ds.transaction(async (m) => {
    await writeContactBatch(m, items, { now: nowSeconds(), source: 'callback', staffIds: ids });
  });
  return 'applied';
}

/** del_external_contact / del_follow_user: the relation is kept and marked lost with who deleted whom. */
async function markLost(
  ctx: ApplyContext,
  e: ChangeExternalContactEvent,
  reason: 'staff_deleted_customer' | 'customer_deleted_staff',
): Promise<ApplyOutcome> {
  const at = fromUnix(Number(e.CreateTime));
  // 在职继承 removes the old guide's relation with DELETE_BY_TRANSFER: a hand-over, not a deletion (reports do not count it as a loss).
  const lostReason = e.Source === 'DELETE_BY_TRANSFER' ? 'transferred' : reason;
  return ctx.ds.transaction(async (m) => {
    const customer = await m.getRepository(CustomerEntity).findOne({ where: { externalUserid: e.ExternalUserID }, select: { id: true } });
    const staff = await m.getRepository(StaffEntity).findOne({ where: { userid: e.UserID }, select: { id: true } });
    if (!customer || !staff) return 'nothing_to_do';
    const follow = await m.getRepository(CustomerFollowEntity).findOne({ where: { customerId: customer.id, staffId: staff.id } });
    if (!follow || follow.lostAt !== null) return 'nothing_to_do';
    await m.getRepository(CustomerFollowEntity).update({ id: follow.id }, { lostAt: at, lostReason, updatedAt: nowSeconds() });
    await recordInteractions(m, [
      {
        customerId: customer.id,
        staffId: staff.id,
        type: 'friend_lost',
        occurredAt: at,
        source: 'callback',
        dedupeKey: dedupeKey('friend_lost', e.ExternalUserID, e.UserID, e.CreateTime),
        payload: {
          reason: lostReason,
          deletedBy: reason === 'staff_deleted_customer' ? 'staff' : 'customer',
          userid: e.UserID,
          externalUserid: e.ExternalUserID,
          transfer: e.Source === 'DELETE_BY_TRANSFER',
        },
      },
    ]);
    return 'applied';
  });
}

async function applyChatEvent(ctx: ApplyContext, e: ChangeExternalChatEvent): Promise<ApplyOutcome> {
  const repo = ctx.ds.getRepository(GroupChatEntity);
  if (e.ChangeType === 'dismiss') return dismiss(ctx, e);
  let chat;
  try {
    chat = await ctx.api.getGroupChat(e.ChatId, true);
  } catch (err) {
    // Not readable any more (dismissed since, or out of visibility): treat as dismissed.
    if (err instanceof WecomApiError && !isRetryable(err)) return dismiss(ctx, e);
    throw err;
  }
  const existing = await repo.findOne({ where: { chatId: e.ChatId }, select: { id: true, status: true } });
  const ids = await staffIds(ctx.ds);
  await ctx.ds.transaction(async (m) => {
    await writeGroupChats(m, [{ chat, status: existing?.status ?? 0 }], { now: nowSeconds(), source: 'callback', staffIds: ids });
  });
  return 'applied';
}

async function dismiss(ctx: ApplyContext, e: ChangeExternalChatEvent): Promise<ApplyOutcome> {
  const result = await ctx.ds
    .getRepository(GroupChatEntity)
    .createQueryBuilder()
    .update()
    .set({ dismissedAt: fromUnix(Number(e.CreateTime)), updatedAt: nowSeconds() })
    .where('chat_id = :chatId AND dismissed_at IS NULL', { chatId: e.ChatId })
    .execute();
  return (result.affected ?? 0) > 0 ? 'applied' : 'nothing_to_do';
}

/**
 * Any tag event: re-read the whole corp tag list (small) and mirror it; tags
 * that were deleted are also removed from customers, as WeCom does.
 */
async function applyTagEvent(ctx: ApplyContext, _e: ChangeExternalTagEvent): Promise<ApplyOutcome> {
  const groups = await ctx.api.getCorpTagList();
  await ctx.ds.transaction(async (m) => {
    await writeCorpTags(m, groups, nowSeconds());
    const deleted = await m.getRepository(TagEntity).find({ where: { deleted: true }, select: { id: true } });
    if (deleted.length > 0) await m.getRepository(CustomerTagEntity).delete({ tagId: In(deleted.map((t) => t.id)) });
  });
  return 'applied';
}
