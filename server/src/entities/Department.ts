import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** A WeCom department (often a store or region); ids are WeCom's. */
export interface Department {
  id: number;
  name: string;
  parentId: number | null;
  sortOrder: number;
  updatedAt: Date;
}

export const DepartmentEntity = new EntitySchema<Department>({
  name: 'Department',
  tableName: 'department',
  columns: {
    id: { type: 'int', primary: true },
    name: col.str(64),
    parentId: col.int(true),
    sortOrder: { type: 'int', default: 0 },
    updatedAt: col.updatedAt(),
  },
});
