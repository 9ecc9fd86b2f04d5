import { EntitySchema } from 'typeorm';
import type { Role } from '@shared/enums.ts';
import { col } from '@server/db/columns.ts';

/** A WeCom member: shopping guide, manager or admin. */
export interface Staff {
  id: number;
  userid: string;
  name: string;
  avatar: string | null;
  position: string | null;
  gender: number;
  /** WeCom status: 1 active, 2 disabled, 4 not yet activated, 5 left. */
  status: number;
  mainDepartmentId: number | null;
  role: Role;
  /** Has 客户联系 enabled (appears in get_follow_user_list). */
  isFollowUser: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const StaffEntity = new EntitySchema<Staff>({
  name: 'Staff',
  tableName: 'staff',
  columns: {
    id: col.id(),
    userid: col.str(64),
    name: col.str(64),
    avatar: col.str(512, true),
    position: col.str(64, true),
    gender: { type: 'int', default: 0 },
    status: { type: 'int', default: 1 },
    mainDepartmentId: col.int(true),
    role: { type: 'varchar', length: 16, default: 'guide' },
    isFollowUser: col.bool(),
    createdAt: col.createdAt(),
    updatedAt: col.updatedAt(),
  },
  uniques: [{ columns: ['userid'] }],
});
