import type { AppDeps } from '@server/context.ts';
import { WecomEventEntity, type WecomEvent } from '@server/entities/WecomEvent.ts';
import { publish, type AppEvents } from '@server/events.ts';
import type { ParsedCallback } from '@server/wecom/callback-xml.ts';

/** What the receiver learns about a stored delivery (also what `callback.stored` carries). */
export type StoredCallback = AppEvents['callback.stored'];

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
  // Subscribers react at once instead of at their next poll; a WeCom retry announces nothing new.
  if (info.inserted) publish(deps, 'callback.stored', info);
  return info;
}
