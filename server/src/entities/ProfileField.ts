import { EntitySchema } from 'typeorm';
import type { ProfileFieldType } from '@shared/api/profile-fields.ts';
import { col } from '@server/db/columns.ts';

/** A corp-defined profile field (渐进式画像); `options` is a JSON array of option names. */
export interface ProfileField {
  id: number;
  label: string;
  type: ProfileFieldType;
  options: string;
  tagGroupId: string | null;
  counted: boolean;
  sortOrder: number;
  archived: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const ProfileFieldEntity = new EntitySchema<ProfileField>({
  name: 'ProfileField',
  tableName: 'profile_field',
  columns: {
    id: col.id(),
    label: col.str(16),
    type: col.str(16),
    options: col.text(),
    tagGroupId: col.str(64, true),
    counted: { type: 'boolean', default: true },
    sortOrder: { type: 'int', default: 0 },
    archived: col.bool(),
    createdAt: col.createdAt(),
    updatedAt: col.updatedAt(),
  },
});
