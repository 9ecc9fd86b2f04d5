import type { DataSource } from 'typeorm';
import type { Actor } from '@server/auth/actor.ts';
import { forbiddenReport } from '@server/http/error-catalog.ts';
import { marks, select } from '@server/db/sql.ts';
import { departmentSubtree, staffInDepartments, visibleStaffIds } from '@server/policy/policy.ts';

export interface StaffInScope {
  id: number;
  userid: string;
  name: string;
  department: string | null;
}

/**
 * The guides a report covers for this actor: everyone they may see (policy),
 * narrowed to one department subtree or one staff member when asked.
 * Asking for someone outside the actor's scope is 403, never an empty report.
 */
export async function reportScope(
  ds: DataSource,
  actor: Actor,
  filter: { departmentId?: number; staffId?: number } = {},
): Promise<StaffInScope[]> {
  const visible = await visibleStaffIds(ds, actor);
  let ids: number[] | undefined = visible;
  if (filter.staffId !== undefined) {
    if (visible && !visible.includes(filter.staffId)) throw forbiddenReport();
    ids = [filter.staffId];
  }
  if (filter.departmentId !== undefined) {
    const inDept = new Set(await staffInDepartments(ds, await departmentSubtree(ds, [filter.departmentId])));
    if (visible && ![...inDept].some((id) => visible.includes(id))) throw forbiddenReport();
    ids = (ids ?? [...inDept]).filter((id) => inDept.has(id));
  }
  const where =
    ids === undefined ? "s.is_follow_user = 1 OR s.role <> 'guide'" : ids.length === 0 ? '1 = 0' : `s.id IN (${marks(ids.length)})`;
  const rows = await select<{ id: number; userid: string; name: string; department: string | null }>(
    ds,
    `SELECT s.id, s.userid, s.name, d.name AS department
     FROM staff s LEFT JOIN department d ON d.id = s.main_department_id
     WHERE (${where}) ORDER BY s.id`,
    ids ?? [],
  );
  return rows.map((r) => ({ id: Number(r.id), userid: r.userid, name: r.name, department: r.department }));
}
