import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** An alert pushed to a guide as a WeCom application message (one per event: dedupe_key). */
export interface Alert {
  id: number;
  staffId: number;
  /** ALERT_KINDS in server/src/features/alerts/alert-kinds.ts. */
  kind: string;
  dedupeKey: string;
  customerId: number | null;
  title: string;
  body: string;
  /** The sidebar page the card opens. */
  url: string;
  /** pending (waiting for send_after), sent, failed. */
  status: string;
  /** Not before this time (quiet hours and the rate limit move it later). */
  sendAfter: Date;
  sentAt: Date | null;
  error: string | null;
  createdAt: Date;
}

export const AlertEntity = new EntitySchema<Alert>({
  name: 'Alert',
  tableName: 'alert',
  columns: {
    id: col.id(),
    staffId: col.int(),
    kind: col.str(24),
    dedupeKey: col.str(128),
    customerId: col.int(true),
    title: col.str(128),
    body: col.text(),
    url: col.str(512),
    status: col.str(12),
    sendAfter: col.date(),
    sentAt: col.date(true),
    error: col.str(64, true),
    createdAt: col.createdAt(),
  },
});
