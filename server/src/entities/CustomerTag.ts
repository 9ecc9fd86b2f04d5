import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** A corp tag on one follow relation, as WeCom holds it; customerId is denormalised for profile reads. */
export interface CustomerTag {
  followId: number;
  tagId: string;
  customerId: number;
  createdAt: Date;
}

export const CustomerTagEntity = new EntitySchema<CustomerTag>({
  name: 'CustomerTag',
  tableName: 'customer_tag',
  columns: {
    followId: { type: 'int', primary: true },
    tagId: { type: 'varchar', length: 64, primary: true },
    customerId: col.int(),
    createdAt: col.createdAt(),
  },
});
