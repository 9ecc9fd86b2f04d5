import { EntitySchema } from 'typeorm';
import type { ScriptScope } from '@shared/enums.ts';
import { col } from '@server/db/columns.ts';

export interface ScriptFolder {
  id: number;
  name: string;
  parentId: number | null;
  scope: ScriptScope;
  ownerStaffId: number | null;
  sortOrder: number;
  createdAt: Date;
  updatedAt: Date;
}

export const ScriptFolderEntity = new EntitySchema<ScriptFolder>({
  name: 'ScriptFolder',
  tableName: 'script_folder',
  columns: {
    id: col.id(),
    name: col.str(64),
    parentId: col.int(true),
    scope: col.str(16),
    ownerStaffId: col.int(true),
    sortOrder: { type: 'int', default: 0 },
    createdAt: col.createdAt(),
    updatedAt: col.updatedAt(),
  },
});
