import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** One 在职/离职继承 run: whose customers, chosen by which filter, handed to whom. */
export interface TransferJob {
  id: number;
  kind: 'onjob' | 'resigned';
  /** Null for a whole store's transfer (each item names its handover member). */
  handoverStaffId: number | null;
  handoverUserid: string | null;
  /** The store (department) of a whole-store transfer. */
  storeId: number | null;
  /** The filter as the page sent it (JSON). */
  filter: string;
  /** The takeover choice as the page sent it (JSON). */
  takeover: string;
  /** On-job only: what the customer is told (≤ 200 characters). */
  message: string | null;
  /** sending → waiting (WeCom's 24 h) → finished. */
  status: 'sending' | 'waiting' | 'finished';
  createdBy: string;
  total: number;
  finishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const TransferJobEntity = new EntitySchema<TransferJob>({
  name: 'TransferJob',
  tableName: 'transfer_job',
  columns: {
    id: col.id(),
    kind: col.str(16),
    handoverStaffId: col.int(true),
    handoverUserid: col.str(64, true),
    storeId: col.int(true),
    filter: col.text(),
    takeover: col.text(),
    message: col.str(255, true),
    status: col.str(16),
    createdBy: col.str(64),
    total: { type: 'int', default: 0 },
    finishedAt: col.date(true),
    createdAt: col.createdAt(),
    updatedAt: col.updatedAt(),
  },
});
