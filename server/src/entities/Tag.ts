import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** A corp tag mirrored from WeCom. */
export interface Tag {
  id: string;
  groupId: string;
  name: string;
  sortOrder: number;
  createdAt: Date;
  deleted: boolean;
}

export const TagEntity = new EntitySchema<Tag>({
  name: 'Tag',
  tableName: 'tag',
  columns: {
    id: { type: 'varchar', length: 64, primary: true },
    groupId: col.str(64),
    name: col.str(64),
    sortOrder: { type: 'int', default: 0 },
    createdAt: col.date(),
    deleted: col.bool(),
  },
});
