import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/**
 * One customer (or group chat) of a transfer job: queued → calling (sent to WeCom, answer not yet
 * stored) → waiting (WeCom's 24 h) → transferred, or failed with WeCom's errcode / reason.
 */
export interface TransferItem {
  id: number;
  jobId: number;
  target: 'customer' | 'group';
  customerId: number | null;
  groupId: number | null;
  /** external_userid, or the chat_id of a group chat. */
  externalId: string;
  handoverUserid: string;
  handoverStaffId: number;
  takeoverUserid: string;
  takeoverStaffId: number;
  state: 'queued' | 'calling' | 'waiting' | 'transferred' | 'failed';
  errcode: number | null;
  /** transfer_fail's FailReason or transfer_result's status, when that is why it failed. */
  reason: string | null;
  /** The WeCom call this item went out in (set before the call, so a crash leaves a trace). */
  batchKey: string | null;
  attempts: number;
  takeoverAt: Date | null;
  completedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const TransferItemEntity = new EntitySchema<TransferItem>({
  name: 'TransferItem',
  tableName: 'transfer_item',
  columns: {
    id: col.id(),
    jobId: col.int(),
    target: col.str(16),
    customerId: col.int(true),
    groupId: col.int(true),
    externalId: col.str(64),
    handoverUserid: col.str(64),
    handoverStaffId: col.int(),
    takeoverUserid: col.str(64),
    takeoverStaffId: col.int(),
    state: col.str(16),
    errcode: col.int(true),
    reason: col.str(32, true),
    batchKey: col.str(40, true),
    attempts: { type: 'int', default: 0 },
    takeoverAt: col.date(true),
    completedAt: col.date(true),
    createdAt: col.createdAt(),
    updatedAt: col.updatedAt(),
  },
});
