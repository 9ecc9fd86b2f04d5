import { z } from 'zod';
import { ROLES } from '@shared/enums.ts';

export const staffListItemSchema = z.object({
  id: z.number(),
  userid: z.string(),
  name: z.string(),
  department: z.string().nullable(),
  /** Role stored by an admin. */
  role: z.enum(ROLES),
  /** Role in effect: ADMIN_USERIDS and department leadership raise it. */
  effectiveRole: z.enum(ROLES),
  leadsDepartment: z.boolean(),
  active: z.boolean(),
});
export const staffListSchema = z.object({ items: z.array(staffListItemSchema) });
export type StaffListItem = z.infer<typeof staffListItemSchema>;

export const setRoleBodySchema = z.object({ role: z.enum(ROLES, { message: '角色只能是 guide、manager 或 admin' }) });
