import type { DevOptionsResponse, DevStaffContextsResponse } from '@shared/api/dev.ts';
import type { Role } from '@shared/enums.ts';
import { effectiveRole } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import { staffInactive, staffNotFound } from '@server/http/error-catalog.ts';
import { num, rowOr404, select } from '@server/db/sql.ts';

const LIMIT = 50;

/** An active staff member by userid (404 unknown, 403 inactive). */
export async function activeStaff(deps: AppDeps, userid: string): Promise<{ id: number; userid: string; name: string; role: Role }> {
  const s = await rowOr404<{ id: number; userid: string; name: string; role: Role; status: number; leads: unknown }>(
    deps.ds,
    `SELECT s.id, s.userid, s.name, s.role, s.status,
            (SELECT COUNT(*) FROM staff_department d WHERE d.staff_id = s.id AND d.is_leader = 1) AS leads
       FROM staff s WHERE s.userid = ?`,
    [userid],
    staffNotFound,
  );
  if (Number(s.status) !== 1) throw staffInactive();
  return { id: Number(s.id), userid: s.userid, name: s.name, role: effectiveRole(deps, s.userid, s.role, num(s.leads) > 0) };
}

/** Active staff to pick from in the dev bar, with how many customers and groups each has. */
export async function devOptions(deps: AppDeps): Promise<DevOptionsResponse> {
  const rows = await select<{ userid: string; name: string; role: Role; leads: unknown; customers: unknown; group_count: unknown }>(
    deps.ds,
    `SELECT s.userid, s.name, s.role,
            (SELECT COUNT(*) FROM staff_department d WHERE d.staff_id = s.id AND d.is_leader = 1) AS leads,
            (SELECT COUNT(*) FROM customer_follow f WHERE f.staff_id = s.id AND f.lost_at IS NULL) AS customers,
            (SELECT COUNT(*) FROM group_chat g WHERE g.owner_userid = s.userid) AS group_count
       FROM staff s WHERE s.status = 1
      ORDER BY s.userid`,
  );
  return {
    staff: rows.map((r) => ({
      userid: r.userid,
      name: r.name,
      role: effectiveRole(deps, r.userid, r.role, num(r.leads) > 0),
      customerCount: num(r.customers),
      groupCount: num(r.group_count),
    })),
  };
}

/** A guide's most recently added customers and their groups (to fake the chat context). */
export async function devStaffContexts(deps: AppDeps, userid: string): Promise<DevStaffContextsResponse> {
  const staff = await activeStaff(deps, userid);
  const [customers, groups] = await Promise.all([
    select<{ name: string; external_userid: string; remark: string | null }>(
      deps.ds,
      `SELECT c.name, c.external_userid, f.remark FROM customer_follow f JOIN customer c ON c.id = f.customer_id
        WHERE f.staff_id = ? AND f.lost_at IS NULL ORDER BY f.added_at DESC, f.id DESC LIMIT ${LIMIT}`,
      [staff.id],
    ),
    select<{ name: string; chat_id: string }>(
      deps.ds,
      `SELECT g.name, g.chat_id FROM group_chat g
        WHERE g.dismissed_at IS NULL AND (g.owner_userid = ? OR EXISTS (
          SELECT 1 FROM group_member m WHERE m.group_id = g.id AND m.staff_id = ? AND m.left_at IS NULL))
        ORDER BY g.create_time DESC, g.id DESC LIMIT ${LIMIT}`,
      [staff.userid, staff.id],
    ),
  ]);
  return {
    customers: customers.map((c) => ({ name: c.name, externalUserid: c.external_userid, remark: c.remark || null })),
    groups: groups.map((g) => ({ name: g.name, chatId: g.chat_id })),
  };
}
