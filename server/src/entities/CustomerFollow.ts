import { EntitySchema } from 'typeorm';
import type { FollowStage } from '@shared/api/profile-fields.ts';
import type { LostReason } from '@shared/enums.ts';
import { col } from '@server/db/columns.ts';

/** WeCom's follow_user relation: one per guide × customer. Never deleted, only marked lost. */
export interface CustomerFollow {
  id: number;
  customerId: number;
  staffId: number;
  remark: string | null;
  description: string | null;
  /** How messages address the customer (称呼), set by this guide in the sidebar; never synced from WeCom. */
  salutation: string | null;
  remarkCorpName: string | null;
  remarkMobiles: string[];
  addWay: number;
  state: string | null;
  operUserid: string | null;
  addedAt: Date;
  lostAt: Date | null;
  lostReason: LostReason | null;
  /** 跟进状态 set by the guide (null until set). */
  followStage: FollowStage | null;
  /** The sync_run that last saw this relation; reconciliation marks older ones lost. */
  lastSeenSyncId: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export const CustomerFollowEntity = new EntitySchema<CustomerFollow>({
  name: 'CustomerFollow',
  tableName: 'customer_follow',
  columns: {
    id: col.id(),
    customerId: col.int(),
    staffId: col.int(),
    remark: col.str(128, true),
    description: col.str(512, true),
    salutation: col.str(32, true),
    remarkCorpName: col.str(128, true),
    remarkMobiles: { type: 'simple-json', nullable: false },
    addWay: { type: 'int', default: 0 },
    state: col.str(64, true),
    operUserid: col.str(64, true),
    addedAt: col.date(),
    lostAt: col.date(true),
    lostReason: col.str(32, true),
    followStage: col.str(16, true),
    lastSeenSyncId: col.int(true),
    createdAt: col.createdAt(),
    updatedAt: col.updatedAt(),
  },
  uniques: [{ columns: ['customerId', 'staffId'] }],
});
