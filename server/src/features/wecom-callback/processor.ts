import { In, IsNull, LessThanOrEqual, MoreThan, Not } from 'typeorm';
import type { AppDeps } from '@server/context.ts';
import { WecomEventEntity, type WecomEvent } from '@server/entities/WecomEvent.ts';
import { log } from '@server/logger.ts';
import { errorText } from '@server/db/errors.ts';
import { parseEventXml } from '@server/wecom/callback-xml.ts';
import { wecomClientFor } from '@server/wecom/client.ts';
import { LeaseLostError, leaseTiming, withLease, type HeldLease } from '@server/jobs/lease.ts';
import { applyEvent, type CallbackApi } from './apply-event.ts';
import { CALLBACK_RETRY, afterFailure, type RetryPolicy } from './retry-policy.ts';

export interface ProcessOptions extends Partial<RetryPolicy> {
  api?: CallbackApi;
  /** Events read per query. */
  batchSize?: number;
  /** Milliseconds since the epoch; tests move it instead of waiting for backoffs. */
  now?: () => number;
}

export interface ProcessResult {
  processed: number;
  ignored: number;
  failed: number;
  /** Events that failed in this run and stay queued for a later retry. */
  retryLater: number;
  /** The earliest next try of a queued event that is waiting for a retry; null when none is. */
  nextAttemptAt: Date | null;
  /** A corp's events were held by another consumer (it works them, and looks again when it lets go). */
  busy: boolean;
}

/** The lease of a corp's callback consumer: one at a time across the fleet, so events apply once and in order. */
export const eventsLeaseName = (corpId: string): string => `wecom.events:${corpId}`;

/** Rounds of "work every due corp, look again": events stored while a consumer held its lease are found by it. */
const MAX_PASSES = 20;

/**
 * Works the stored callback events that are due (status queued, next try not
 * in the future) in id order: applies each (apply-event.ts), then marks it
 * processed, ignored (not ours or unparseable), or — after an error — leaves it
 * queued with attempts, error and its next try (retry-policy.ts), until the
 * policy gives up and marks it failed. All of it is in the row, so a restart
 * carries on with the same schedule.
 *
 * One consumer per corp across the fleet: a corp's events are worked only
 * under its lease (jobs/lease.ts), heartbeated while it works; a consumer that
 * finds the lease held returns (busy) and the holder, after letting go, looks
 * again for events that arrived meanwhile. Each event is marked only while the
 * lease is still ours, so a consumer that lost it stops before the next one.
 */
export async function processQueuedEvents(deps: AppDeps, options: ProcessOptions = {}): Promise<ProcessResult> {
  const { batchSize = 100, now = Date.now } = options;
  const policy: RetryPolicy = {
    backoffMs: options.backoffMs ?? CALLBACK_RETRY.backoffMs,
    maxBackoffMs: options.maxBackoffMs ?? CALLBACK_RETRY.maxBackoffMs,
    retryForMs: options.retryForMs ?? CALLBACK_RETRY.retryForMs,
    maxAttempts: options.maxAttempts ?? CALLBACK_RETRY.maxAttempts,
  };
  // Resolved only when an event needs it, so registering the job never pins the client's options early.
  let api = options.api;
  const repo = deps.ds.getRepository(WecomEventEntity);
  const logger = log('sync', { component: 'callbacks' });
  const result: ProcessResult = { processed: 0, ignored: 0, failed: 0, retryLater: 0, nextAttemptAt: null, busy: false };
  const timing = leaseTiming(deps.config);
  // Later passes only look at events that arrived after what this call has seen: a retry that falls due meanwhile waits for its wake-up.
  let seenUpTo = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const from = seenUpTo;
    const corps = await dueCorps(new Date(now()), from);
    let worked = false;
    for (const corpId of corps) {
      try {
        const outcome = await withLease(deps.ds, eventsLeaseName(corpId), deps.config.instanceId, timing, (lease) =>
          workCorp(corpId, lease, from),
        );
        if (outcome === 'busy') result.busy = true;
        else worked = true;
      } catch (err) {
        // Another consumer took the corp over (this one was silent too long): it carries on from the next event.
        if (!(err instanceof LeaseLostError)) throw err;
        logger.warn({ corpId }, 'callback consumer lost its lease; stopping');
        result.busy = true;
      }
    }
    if (!worked) break;
  }
  const waiting = await repo.findOne({
    where: { status: 'queued', nextAttemptAt: Not(IsNull()) },
    order: { nextAttemptAt: 'ASC' },
    select: { id: true, nextAttemptAt: true },
  });
  result.nextAttemptAt = waiting?.nextAttemptAt ?? null;
  return result;

  /** Corps with queued events due now. */
  async function dueCorps(at: Date, afterId: number): Promise<string[]> {
    const rows = await repo
      .createQueryBuilder('e')
      .select('DISTINCT e.corp_id', 'corpId')
      .where("e.status = 'queued' AND e.id > :afterId", { afterId })
      .andWhere('(e.next_attempt_at IS NULL OR e.next_attempt_at <= :at)', { at })
      .getRawMany<{ corpId: string }>();
    return rows.map((r) => r.corpId).sort();
  }

  /** Works one corp's due events in id (arrival) order while holding its lease. */
  async function workCorp(corpId: string, lease: HeldLease, fromId: number): Promise<void> {
    const startedAt = new Date(now());
    let afterId = fromId;
    for (;;) {
      const queued = { status: 'queued' as const, corpId, id: MoreThan(afterId) };
      const events: WecomEvent[] = await repo.find({
        where: [
          { ...queued, nextAttemptAt: IsNull() },
          { ...queued, nextAttemptAt: LessThanOrEqual(startedAt) },
        ],
        order: { id: 'ASC' },
        take: batchSize,
      });
      for (const ev of events) {
        if (lease.signal.aborted) throw new LeaseLostError(eventsLeaseName(corpId));
        afterId = ev.id;
        seenUpTo = Math.max(seenUpTo, ev.id);
        const attempts = ev.attempts + 1;
        let parsed;
        try {
          parsed = parseEventXml(ev.payload);
        } catch (err) {
          await finish(ev.id, { status: 'ignored', attempts, error: `unparseable: ${message(err)}` }, lease);
          result.ignored += 1;
          continue;
        }
        if (parsed.kind !== 'event') {
          await finish(ev.id, { status: 'ignored', attempts, error: parsed.reason.slice(0, 1000) }, lease);
          result.ignored += 1;
          continue;
        }
        try {
          api ??= wecomClientFor(deps);
          const outcome = await applyEvent({ ds: deps.ds, api }, parsed.event);
          await finish(ev.id, { status: 'processed', attempts, error: null }, lease);
          result.processed += 1;
          logger.debug({ eventId: ev.id, event: ev.event, changeType: ev.changeType, outcome }, 'callback event applied');
        } catch (err) {
          const error = message(err).slice(0, 2000);
          const failedAt = now();
          const firstFailedAt = ev.firstFailedAt ?? new Date(failedAt);
          const next = afterFailure(policy, attempts, firstFailedAt.getTime(), failedAt);
          const about = { event: ev.event, changeType: ev.changeType, attempts, eventId: ev.id, err: error };
          if (next.giveUp) {
            await finish(ev.id, { status: 'failed', attempts, error }, lease);
            result.failed += 1;
            logger.error(
              { ...about, failingSince: firstFailedAt.toISOString() },
              'callback event failed for good (replay it from the status page)',
            );
          } else {
            await deps.ds.transaction(async (m) => {
              await lease.fence(m);
              await m
                .getRepository(WecomEventEntity)
                .update({ id: ev.id, status: 'queued' }, { attempts, error, nextAttemptAt: next.retryAt, firstFailedAt });
            });
            result.retryLater += 1;
            logger.warn({ ...about, nextAttemptAt: next.retryAt.toISOString() }, 'callback event failed; will retry');
          }
        }
      }
      if (events.length < batchSize) break;
    }
  }

  /** Marks an event done (only while this consumer still holds the corp's lease). */
  async function finish(id: number, patch: Pick<WecomEvent, 'status' | 'attempts' | 'error'>, lease: HeldLease): Promise<void> {
    const done = patch.status === 'processed' || patch.status === 'ignored';
    await deps.ds.transaction(async (m) => {
      await lease.fence(m);
      await m
        .getRepository(WecomEventEntity)
        .update({ id, status: In(['queued']) }, { ...patch, processedAt: done ? new Date(now()) : null, nextAttemptAt: null });
    });
  }
}

function message(err: unknown): string {
  return errorText(err);
}
