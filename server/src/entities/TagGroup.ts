import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** A corp tag group mirrored from WeCom (ids are WeCom's). */
export interface TagGroup {
  id: string;
  name: string;
  sortOrder: number;
  createdAt: Date;
  deleted: boolean;
}

export const TagGroupEntity = new EntitySchema<TagGroup>({
  name: 'TagGroup',
  tableName: 'tag_group',
  columns: {
    id: { type: 'varchar', length: 64, primary: true },
    name: col.str(64),
    sortOrder: { type: 'int', default: 0 },
    createdAt: col.date(),
    deleted: col.bool(),
  },
});
