import { In, MoreThan } from 'typeorm';
import type { AppDeps } from '@server/context.ts';
import { WecomEventEntity, type WecomEvent } from '@server/entities/WecomEvent.ts';
import { log } from '@server/logger.ts';
import { parseEventXml } from '@server/wecom/callback-xml.ts';
import { wecomClientFor } from '@server/wecom/client.ts';
import { applyEvent, type CallbackApi } from './apply-event.ts';

export interface ProcessOptions {
  api?: CallbackApi;
  /** Events read per query. */
  batchSize?: number;
  /** Tries per event before it is marked failed. */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt. */
  backoffMs?: number;
  /** Called with the delay when an event must be retried later (the job wiring enqueues a delayed run). */
  onRetryLater?: (delayMs: number) => void;
}

export interface ProcessResult {
  processed: number;
  ignored: number;
  failed: number;
  /** Events left queued for a later retry. */
  retryLater: number;
}

/** Per app instance: when each failed event may be tried again (kept in memory; a restart retries at once). */
const retryAt = new WeakMap<AppDeps, Map<number, number>>();

/**
 * Works the queue of stored callback events (status queued) in id order:
 * applies each (apply-event.ts), then marks it processed, ignored (not ours
 * or unparseable), or — after an error — leaves it queued with attempts and
 * error for a retry with backoff, and marks it failed after maxAttempts.
 */
export async function processQueuedEvents(deps: AppDeps, options: ProcessOptions = {}): Promise<ProcessResult> {
  const { batchSize = 100, maxAttempts = 5, backoffMs = 1000 } = options;
  // Resolved only when an event needs it, so registering the job never pins the client's options early.
  let api = options.api;
  const repo = deps.ds.getRepository(WecomEventEntity);
  const logger = log('sync', { component: 'callbacks' });
  let due = retryAt.get(deps);
  if (!due) retryAt.set(deps, (due = new Map()));
  const result: ProcessResult = { processed: 0, ignored: 0, failed: 0, retryLater: 0 };
  let afterId = 0;
  for (;;) {
    const events: WecomEvent[] = await repo.find({ where: { status: 'queued', id: MoreThan(afterId) }, order: { id: 'ASC' }, take: batchSize });
    for (const ev of events) {
      afterId = ev.id;
      const wait = (due.get(ev.id) ?? 0) - Date.now();
      if (wait > 0) {
        result.retryLater += 1;
        options.onRetryLater?.(wait);
        continue;
      }
      const attempts = ev.attempts + 1;
      let parsed;
      try {
        parsed = parseEventXml(ev.payload);
      } catch (err) {
        await finish(ev.id, { status: 'ignored', attempts, error: `unparseable: ${message(err)}` });
        result.ignored += 1;
        continue;
      }
      if (parsed.kind !== 'event') {
        await finish(ev.id, { status: 'ignored', attempts, error: parsed.reason.slice(0, 1000) });
        result.ignored += 1;
        continue;
      }
      try {
        api ??= wecomClientFor(deps);
        const outcome = await applyEvent({ ds: deps.ds, api }, parsed.event);
        await finish(ev.id, { status: 'processed', attempts, error: null });
        due.delete(ev.id);
        result.processed += 1;
        logger.debug({ eventId: ev.id, event: ev.event, changeType: ev.changeType, outcome }, 'callback event applied');
      } catch (err) {
        const error = message(err).slice(0, 2000);
        if (attempts >= maxAttempts) {
          await finish(ev.id, { status: 'failed', attempts, error });
          due.delete(ev.id);
          result.failed += 1;
          logger.error({ eventId: ev.id, event: ev.event, changeType: ev.changeType, attempts, err: error }, 'callback event failed for good');
        } else {
          const delay = backoffMs * 2 ** (attempts - 1);
          await repo.update({ id: ev.id, status: 'queued' }, { attempts, error });
          due.set(ev.id, Date.now() + delay);
          result.retryLater += 1;
          options.onRetryLater?.(delay);
          logger.warn({ eventId: ev.id, event: ev.event, changeType: ev.changeType, attempts, retryInMs: delay, err: error }, 'callback event failed; will retry');
        }
      }
    }
    if (events.length < batchSize) break;
  }
  return result;

  async function finish(id: number, patch: Pick<WecomEvent, 'status' | 'attempts' | 'error'>): Promise<void> {
    await repo.update({ id, status: In(['queued']) }, { ...patch, processedAt: patch.status === 'processed' || patch.status === 'ignored' ? new Date() : null });
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
