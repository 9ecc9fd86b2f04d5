import { In, IsNull, Not } from 'typeorm';
import type { ReplayWecomEventsBody, WecomEventQueue } from '@shared/api/wecom-events.ts';
import { audit } from '@server/audit/audit.ts';
import type { Actor } from '@server/auth/actor.ts';
import type { AppDeps } from '@server/context.ts';
import { WecomEventEntity } from '@server/entities/WecomEvent.ts';

/** Counts of the callback queue for the status page: new, retrying (with their earliest next try), failed. */
export async function eventQueueStatus(deps: AppDeps): Promise<WecomEventQueue> {
  const repo = deps.ds.getRepository(WecomEventEntity);
  const retryingWhere = { status: 'queued' as const, firstFailedAt: Not(IsNull()) };
  const [queued, retrying, failed, next, oldest] = await Promise.all([
    repo.count({ where: { status: 'queued', firstFailedAt: IsNull() } }),
    repo.count({ where: retryingWhere }),
    repo.count({ where: { status: 'failed' } }),
    repo.findOne({
      where: { ...retryingWhere, nextAttemptAt: Not(IsNull()) },
      order: { nextAttemptAt: 'ASC' },
      select: { id: true, nextAttemptAt: true },
    }),
    repo.findOne({ where: retryingWhere, order: { firstFailedAt: 'ASC' }, select: { id: true, firstFailedAt: true } }),
  ]);
  return {
    queued,
    retrying: {
      count: retrying,
      nextAttemptAt: next?.nextAttemptAt?.toISOString() ?? null,
      failingSince: oldest?.firstFailedAt?.toISOString() ?? null,
    },
    failed,
  };
}

/**
 * Puts failed events back in the queue as if they had just arrived (a fresh
 * day of retries), audit-logged; events that are not failed are left alone.
 */
export async function replayFailedEvents(deps: AppDeps, actor: Actor, body: ReplayWecomEventsBody, ip: string | null): Promise<number> {
  return deps.ds.transaction(async (em) => {
    const ids = 'ids' in body ? [...new Set(body.ids)].sort((a, b) => a - b) : null;
    const result = await em.getRepository(WecomEventEntity).update(ids ? { id: In(ids), status: 'failed' } : { status: 'failed' }, {
      status: 'queued',
      attempts: 0,
      error: null,
      nextAttemptAt: null,
      firstFailedAt: null,
      processedAt: null,
    });
    const requeued = result.affected ?? 0;
    await audit(
      em,
      actor,
      'wecom_events.replay',
      { type: 'wecom_event', id: ids?.length === 1 ? ids[0] : undefined },
      { ids: ids ?? 'all_failed', requeued },
      ip,
    );
    return requeued;
  });
}
