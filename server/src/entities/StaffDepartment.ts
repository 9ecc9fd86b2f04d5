import { EntitySchema } from 'typeorm';

/** Membership of a staff member in a department; isLeader feeds manager scopes. */
export interface StaffDepartment {
  staffId: number;
  departmentId: number;
  isLeader: boolean;
}

export const StaffDepartmentEntity = new EntitySchema<StaffDepartment>({
  name: 'StaffDepartment',
  tableName: 'staff_department',
  columns: {
    staffId: { type: 'int', primary: true },
    departmentId: { type: 'int', primary: true },
    isLeader: { type: 'boolean', default: false },
  },
});
