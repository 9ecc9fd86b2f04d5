import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** A customer's value of one custom profile field, JSON-encoded; who wrote it last. */
export interface CustomerFieldValue {
  customerId: number;
  fieldId: number;
  value: string;
  updatedBy: number | null;
  updatedAt: Date;
}

export const CustomerFieldValueEntity = new EntitySchema<CustomerFieldValue>({
  name: 'CustomerFieldValue',
  tableName: 'customer_field_value',
  columns: {
    customerId: { type: 'int', primary: true },
    fieldId: { type: 'int', primary: true },
    value: col.text(),
    updatedBy: col.int(true),
    updatedAt: col.updatedAt(),
  },
});
