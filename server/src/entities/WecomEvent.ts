import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

export const WECOM_EVENT_STATUSES = ['queued', 'processed', 'failed', 'ignored'] as const;
export type WecomEventStatus = (typeof WECOM_EVENT_STATUSES)[number];

/**
 * One WeCom callback delivery, stored verbatim (decrypted) before any
 * processing: the receiver answers fast and the sync processor works the
 * queue (status queued → processed | failed). WeCom retries deliveries, so
 * dedupeKey (sha256 of the event's fields) is unique and a retry inserts nothing.
 */
export interface WecomEvent {
  id: number;
  dedupeKey: string;
  /** corpid the event was addressed to (ToUserName). */
  corpId: string;
  /** Event name (change_external_contact …), or MsgType for non-event messages. */
  event: string;
  changeType: string | null;
  /** CreateTime of the event (WeCom clock, seconds → Date). */
  eventTime: Date | null;
  /** The decrypted event XML. */
  payload: string;
  status: WecomEventStatus;
  attempts: number;
  /** The last failure (or, for ignored rows, why it was ignored). */
  error: string | null;
  receivedAt: Date;
  processedAt: Date | null;
  /** A queued event that failed is not tried again before this (null: as soon as the processor runs). */
  nextAttemptAt: Date | null;
  /** When the current run of failures began; a day after it the event is failed for good. */
  firstFailedAt: Date | null;
}

export const WecomEventEntity = new EntitySchema<WecomEvent>({
  name: 'WecomEvent',
  tableName: 'wecom_event',
  columns: {
    id: col.bigId(),
    dedupeKey: col.str(64),
    corpId: col.str(64),
    event: col.str(64),
    changeType: col.str(64, true),
    eventTime: col.date(true),
    payload: col.text(),
    status: col.str(16),
    attempts: { type: 'int', default: 0 },
    error: col.text(true),
    receivedAt: col.date(),
    processedAt: col.date(true),
    nextAttemptAt: col.date(true),
    firstFailedAt: col.date(true),
  },
});
