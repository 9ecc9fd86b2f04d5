import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** Our settings for a corp tag group: single-choice groups keep one tag per follow relation. */
export interface TagGroupSetting {
  groupId: string;
  singleChoice: boolean;
  updatedAt: Date;
}

export const TagGroupSettingEntity = new EntitySchema<TagGroupSetting>({
  name: 'TagGroupSetting',
  tableName: 'tag_group_setting',
  columns: {
    groupId: { type: 'varchar', length: 64, primary: true },
    singleChoice: col.bool(),
    updatedAt: col.updatedAt(),
  },
});
