import { In, IsNull, LessThan, LessThanOrEqual, Brackets, type EntityManager } from 'typeorm';
import { CustomerFollowEntity } from '@server/entities/CustomerFollow.ts';
import { GroupChatEntity } from '@server/entities/GroupChat.ts';
import { StaffEntity } from '@server/entities/Staff.ts';
import { CustomerEntity } from '@server/entities/Customer.ts';
import { recordInteractions } from '@server/features/timeline/index.ts';
import { chunks } from '@server/db/sql.ts';
import { dedupeKey } from '../values.ts';
import type { StageContext } from './context.ts';

const BATCH = 500;

/**
 * After a complete pass: relations this run did not see are marked lost
 * (lost_reason unseen_in_sync, friend_lost interaction), never deleted; group
 * chats it did not see are marked dismissed. Rows changed after the run began
 * (by callbacks, after its first second) are left alone — the run could not have seen them —
 * and so are rows a newer run has seen (last_seen_sync_id above this run's id). Every batch
 * commits only while this run holds the sync lease (full-sync.ts), so a run taken over by
 * another instance cannot mark anything lost.
 */
export async function reconcile(ctx: StageContext): Promise<void> {
  const startedAt = new Date(ctx.cp.startedAt);
  const unseen = await ctx.ds
    .getRepository(CustomerFollowEntity)
    .createQueryBuilder('f')
    .select(['f.id', 'f.customerId', 'f.staffId'])
    .where('f.lostAt IS NULL')
    // Only what no run up to this one has seen: a newer run's sightings are never undone by an older one.
    .andWhere(new Brackets((w) => w.where('f.lastSeenSyncId IS NULL').orWhere('f.lastSeenSyncId < :run', { run: ctx.runId })))
    .andWhere('f.updatedAt <= :startedAt', { startedAt })
    .orderBy('f.id')
    .getMany();
  const staffUserid = new Map(
    (await ctx.ds.getRepository(StaffEntity).find({ select: { id: true, userid: true } })).map((s) => [s.id, s.userid]),
  );
  for (const part of chunks(unseen, BATCH)) {
    const ext = new Map(
      (
        await ctx.ds.getRepository(CustomerEntity).find({
          where: { id: In([...new Set(part.map((f) => f.customerId))]) },
          select: { id: true, externalUserid: true },
        })
      ).map((c) => [c.id, c.externalUserid]),
    );
    await ctx.commit({ stage: 'reconcile' }, async (m: EntityManager) => {
      await m.getRepository(CustomerFollowEntity).update(
        { id: In(part.map((f) => f.id)), lostAt: IsNull() },
        {
          lostAt: ctx.now,
          lostReason: 'unseen_in_sync',
          updatedAt: ctx.now,
        },
      );
      await recordInteractions(
        m,
        part.map((f) => ({
          customerId: f.customerId,
          staffId: f.staffId,
          type: 'friend_lost' as const,
          occurredAt: ctx.now,
          source: 'sync' as const,
          dedupeKey: dedupeKey(
            'friend_lost',
            ext.get(f.customerId) ?? f.customerId,
            staffUserid.get(f.staffId) ?? f.staffId,
            'sync',
            ctx.runId,
          ),
          payload: { reason: 'unseen_in_sync', userid: staffUserid.get(f.staffId) ?? null, externalUserid: ext.get(f.customerId) ?? null },
        })),
      );
      ctx.bump('followsLost', part.length);
      ctx.bump('interactionsAdded', part.length);
    });
  }
  const gone = await ctx.ds.getRepository(GroupChatEntity).find({
    where: [
      { dismissedAt: IsNull(), lastSeenSyncId: IsNull(), updatedAt: LessThanOrEqual(startedAt) },
      { dismissedAt: IsNull(), lastSeenSyncId: LessThan(ctx.runId), updatedAt: LessThanOrEqual(startedAt) },
    ],
    select: { id: true },
  });
  for (const part of chunks(
    gone.map((g) => g.id),
    BATCH,
  )) {
    await ctx.commit({ stage: 'reconcile' }, async (m) => {
      await m.getRepository(GroupChatEntity).update({ id: In(part) }, { dismissedAt: ctx.now, updatedAt: ctx.now });
      ctx.bump('groupsDismissed', part.length);
    });
  }
}
