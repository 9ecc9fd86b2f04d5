import type { DEV_STAFF_KINDS, DevOptionsResponse, DevStaffContextsResponse } from '@shared/api/dev.ts';
import type { Role } from '@shared/enums.ts';
import { effectiveRole } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import { staffInactive, staffNotFound } from '@server/http/error-catalog.ts';
import { likeAnywhere, num, rowOr404, select, selectOne } from '@server/db/sql.ts';

type DevStaffKind = (typeof DEV_STAFF_KINDS)[number];

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
  const rows = await select<{
    userid: string;
    name: string;
    role: Role;
    position: string | null;
    leads: unknown;
    leads_region: unknown;
    customers: unknown;
    group_count: unknown;
  }>(
    deps.ds,
    `SELECT s.userid, s.name, s.role, s.position,
            (SELECT COUNT(*) FROM staff_department d WHERE d.staff_id = s.id AND d.is_leader = 1) AS leads,
            (SELECT COUNT(*) FROM staff_department d JOIN department sub ON sub.parent_id = d.department_id
              WHERE d.staff_id = s.id AND d.is_leader = 1) AS leads_region,
            (SELECT COUNT(*) FROM customer_follow f WHERE f.staff_id = s.id AND f.lost_at IS NULL) AS customers,
            (SELECT COUNT(*) FROM group_chat g WHERE g.owner_userid = s.userid) AS group_count
       FROM staff s WHERE s.status = 1
      ORDER BY s.userid`,
  );
  const kindOf = (role: Role, leadsRegion: boolean): DevStaffKind =>
    role === 'admin' ? 'admin' : role === 'manager' ? (leadsRegion ? 'regional_manager' : 'store_manager') : 'guide';
  return {
    staff: rows.map((r) => {
      const role = effectiveRole(deps, r.userid, r.role, num(r.leads) > 0);
      return {
        userid: r.userid,
        name: r.name,
        role,
        kind: kindOf(role, num(r.leads_region) > 0),
        position: r.position || null,
        customerCount: num(r.customers),
        groupCount: num(r.group_count),
      };
    }),
  };
}

/**
 * The chats a member can stand in for: a guide's own customers, a manager's or admin's every followed customer
 * (the sidebar's own policy then decides what they may see), matching `q` on name, remark or external_userid;
 * at most LIMIT listed, newest relation first, with the total that match. Plus the member's groups.
 */
export async function devStaffContexts(deps: AppDeps, userid: string, q?: string): Promise<DevStaffContextsResponse> {
  const staff = await activeStaff(deps, userid);
  const mine = staff.role === 'guide';
  const where = [
    'f.lost_at IS NULL',
    ...(mine ? ['f.staff_id = ?'] : []),
    ...(q ? ["(c.name LIKE ? ESCAPE '!' OR f.remark LIKE ? ESCAPE '!' OR c.external_userid LIKE ? ESCAPE '!')"] : []),
  ].join(' AND ');
  const params = [...(mine ? [staff.id] : []), ...(q ? [likeAnywhere(q), likeAnywhere(q), likeAnywhere(q)] : [])];
  // One row per customer: their newest live relation (the guide's own one for a guide).
  const latest = `SELECT f.customer_id, MAX(f.id) AS follow_id FROM customer_follow f JOIN customer c ON c.id = f.customer_id
                   WHERE ${where} GROUP BY f.customer_id`;
  const [customers, total, groups] = await Promise.all([
    select<{ name: string; external_userid: string; remark: string | null }>(
      deps.ds,
      `SELECT c.name, c.external_userid, f.remark FROM (${latest}) x
         JOIN customer_follow f ON f.id = x.follow_id JOIN customer c ON c.id = x.customer_id
        ORDER BY f.added_at DESC, f.id DESC LIMIT ${LIMIT}`,
      params,
    ),
    selectOne<{ n: unknown }>(deps.ds, `SELECT COUNT(*) AS n FROM (${latest}) x`, params),
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
    customerTotal: num(total?.n),
    groups: groups.map((g) => ({ name: g.name, chatId: g.chat_id })),
  };
}
