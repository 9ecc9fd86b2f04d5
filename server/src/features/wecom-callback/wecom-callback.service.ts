import { EventEmitter } from 'node:events';
import { perDeps, type AppDeps } from '@server/context.ts';
import { WecomEventEntity, type WecomEvent } from '@server/entities/WecomEvent.ts';
import { parseEventXml, type ParsedCallback } from '@server/wecom/callback-xml.ts';

/** What listeners of onCallbackStored learn about a stored delivery. */
export interface StoredCallback {
  dedupeKey: string;
  event: string;
  changeType: string | null;
  status: WecomEvent['status'];
  /** false when the row already existed (a WeCom retry). */
  inserted: boolean;
}

const emitterFor = perDeps((_deps: AppDeps) => {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(50);
  return emitter;
});

/**
 * Subscribes to "a callback event was stored" for one app instance, so the
 * processor can wake immediately instead of waiting for its next poll.
 * Listeners must not throw (errors are caught and ignored by the receiver).
 * Returns the unsubscribe function.
 */
export function onCallbackStored(deps: AppDeps, listener: (info: StoredCallback) => void): () => void {
  const emitter = emitterFor(deps);
  emitter.on('stored', listener);
  return () => {
    emitter.off('stored', listener);
  };
}

const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);

/**
 * Stores one decrypted delivery idempotently (INSERT … IGNORE on dedupe_key):
 * our events are queued for the processor; anything else is kept as ignored.
 */
export async function storeCallbackEvent(deps: AppDeps, xml: string, parsed: ParsedCallback): Promise<StoredCallback> {
  const { header } = parsed;
  const event = clip(header.Event ?? header.MsgType, 64);
  const changeType = header.ChangeType ? clip(header.ChangeType, 64) : null;
  const status: WecomEvent['status'] = parsed.kind === 'event' ? 'queued' : 'ignored';
  const createTime = Number(header.CreateTime);
  const insert = deps.ds
    .createQueryBuilder()
    .insert()
    .into(WecomEventEntity)
    .values({
      dedupeKey: parsed.dedupeKey,
      corpId: clip(header.ToUserName, 64),
      event,
      changeType,
      eventTime: Number.isFinite(createTime) && createTime > 0 ? new Date(createTime * 1000) : null,
      payload: xml,
      status,
      attempts: 0,
      error: parsed.kind === 'unknown' ? clip(parsed.reason, 1000) : null,
      receivedAt: new Date(),
      processedAt: null,
    })
    .orIgnore();
  // Run through a query runner with a structured result: it reports affected rows on both
  // drivers (0 when the dedupe key already existed), which InsertResult does not.
  const [sql, params] = insert.getQueryAndParameters();
  const qr = deps.ds.createQueryRunner();
  let affected: number | undefined;
  try {
    affected = (await qr.query(sql, params, true)).affected;
  } finally {
    await qr.release();
  }
  const info: StoredCallback = { dedupeKey: parsed.dedupeKey, event, changeType, status, inserted: (affected ?? 1) > 0 };
  if (info.inserted) {
    try {
      emitterFor(deps).emit('stored', info);
    } catch {
      // A faulty listener must not fail the delivery: the row is stored and will be polled.
    }
  }
  return info;
}

// ---------------------------------------------------------------- queue helpers for the processor

/**
 * The oldest queued events (index idx_wecom_event_status_id), for the
 * processor. Run the processor as a single job at a time (e.g. one job id):
 * rows are not locked.
 */
export async function nextQueuedEvents(deps: AppDeps, limit = 100): Promise<WecomEvent[]> {
  return deps.ds
    .getRepository(WecomEventEntity)
    .createQueryBuilder('e')
    .where('e.status = :status', { status: 'queued' })
    .orderBy('e.id', 'ASC')
    .limit(limit)
    .getMany();
}

/** Marks events processed in one set-based UPDATE. */
export async function markEventsProcessed(deps: AppDeps, ids: readonly number[], at = new Date()): Promise<void> {
  if (ids.length === 0) return;
  await deps.ds
    .createQueryBuilder()
    .update(WecomEventEntity)
    .set({ status: 'processed', processedAt: at, error: null, attempts: () => 'attempts + 1' })
    .where('id IN (:...ids)', { ids: [...ids] })
    .execute();
}

/**
 * Records a failed attempt: the event stays queued (retried on the next pass)
 * until maxAttempts, then becomes failed with the last error.
 */
export async function markEventFailed(deps: AppDeps, id: number, error: string, { maxAttempts = 5 }: { maxAttempts?: number } = {}): Promise<void> {
  await deps.ds
    .createQueryBuilder()
    .update(WecomEventEntity)
    .set({
      // status comes first: MySQL evaluates SET left to right with already-updated values,
      // SQLite with the old ones — both see the old attempts this way.
      status: () => `CASE WHEN attempts + 1 >= ${Math.max(1, Math.floor(maxAttempts))} THEN 'failed' ELSE 'queued' END`,
      attempts: () => 'attempts + 1',
      error: clip(error, 1000),
    })
    .where('id = :id', { id })
    .execute();
}

/** Re-parses a stored row's payload into the typed event (the same parser the receiver used). */
export function parseStoredEvent(row: Pick<WecomEvent, 'payload'>): ParsedCallback {
  return parseEventXml(row.payload);
}
