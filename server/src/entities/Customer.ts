import { EntitySchema } from 'typeorm';
import type { LifecycleStage, RfmSegment } from '@shared/enums.ts';
import { col } from '@server/db/columns.ts';

/**
 * An external contact. The metric columns are denormalised so the sidebar
 * reads a profile's value block from one row.
 */
export interface Customer {
  id: number;
  externalUserid: string;
  name: string;
  avatar: string | null;
  /** 1 WeChat user, 2 WeCom user. */
  type: number;
  gender: number;
  unionid: string | null;
  corpName: string | null;
  /** Normalised mainland mobile (11 digits) when known; used for order identity matching. */
  phone: string | null;
  memberNo: string | null;
  /** 'MM-DD' when known. */
  birthday: string | null;
  firstAddedAt: Date | null;
  lastInteractionAt: Date | null;
  orderCount: number;
  totalSpent: number;
  lastOrderAt: Date | null;
  rfmR: number | null;
  rfmF: number | null;
  rfmM: number | null;
  rfmSegment: RfmSegment | null;
  rfmComputedAt: Date | null;
  lifecycleStage: LifecycleStage;
  createdAt: Date;
  updatedAt: Date;
}

export const CustomerEntity = new EntitySchema<Customer>({
  name: 'Customer',
  tableName: 'customer',
  columns: {
    id: col.id(),
    externalUserid: col.str(64),
    name: col.str(128),
    avatar: col.str(512, true),
    type: { type: 'int', default: 1 },
    gender: { type: 'int', default: 0 },
    unionid: col.str(64, true),
    corpName: col.str(128, true),
    phone: col.str(32, true),
    memberNo: col.str(64, true),
    birthday: col.str(5, true),
    firstAddedAt: col.date(true),
    lastInteractionAt: col.date(true),
    orderCount: { type: 'int', default: 0 },
    totalSpent: { ...col.bigint(), default: 0 },
    lastOrderAt: col.date(true),
    rfmR: col.int(true),
    rfmF: col.int(true),
    rfmM: col.int(true),
    rfmSegment: col.str(32, true),
    rfmComputedAt: col.date(true),
    lifecycleStage: { type: 'varchar', length: 16, default: 'aware' },
    createdAt: col.createdAt(),
    updatedAt: col.updatedAt(),
  },
  uniques: [{ columns: ['externalUserid'] }],
});
