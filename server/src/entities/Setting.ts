import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** Key/value settings; each value is validated by the zod schema of its key where it is read. */
export interface Setting {
  key: string;
  value: unknown;
  updatedAt: Date;
}

export const SettingEntity = new EntitySchema<Setting>({
  name: 'Setting',
  tableName: 'setting',
  columns: {
    key: { type: 'varchar', length: 64, primary: true },
    value: col.json(),
    updatedAt: col.updatedAt(),
  },
});
