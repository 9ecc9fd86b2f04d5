import Router from '@koa/router';
import { z } from 'zod';
import { setRoleBodySchema, type StaffListItem } from '@shared/api/staff-admin.ts';
import type { Role } from '@shared/enums.ts';
import { audit } from '@server/audit/audit.ts';
import { actorOf, auth, effectiveRole } from '@server/auth/auth.middleware.ts';
import type { AppDeps } from '@server/context.ts';
import { cannotDemoteSelf, staffNotFound } from '@server/http/error-catalog.ts';
import { rowOr404, select } from '@server/db/sql.ts';
import { parse } from '@server/http/validate.ts';
import type { AppState } from '@server/http/types.ts';

const useridParam = z.object({ userid: z.string().min(1).max(64) });

/** Admin: list staff with their roles, and change a stored role (audit-logged). */
export function routes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/admin/staff' });
  const admin = auth(deps, { roles: ['admin'] });

  router.get('/', admin, async (ctx) => {
    const rows = await select<{
      id: number;
      userid: string;
      name: string;
      department: string | null;
      role: Role;
      status: number;
      leads: number | string;
    }>(
      deps.ds,
      `SELECT s.id, s.userid, s.name, d.name AS department, s.role, s.status,
         (SELECT COUNT(*) FROM staff_department sd WHERE sd.staff_id = s.id AND sd.is_leader = 1) AS leads
       FROM staff s LEFT JOIN department d ON d.id = s.main_department_id ORDER BY s.id`,
    );
    const items: StaffListItem[] = rows.map((r) => ({
      id: Number(r.id),
      userid: r.userid,
      name: r.name,
      department: r.department,
      role: r.role,
      effectiveRole: effectiveRole(deps, r.userid, r.role, Number(r.leads) > 0),
      leadsDepartment: Number(r.leads) > 0,
      active: Number(r.status) === 1,
    }));
    ctx.body = { items };
  });

  router.put('/:userid/role', admin, async (ctx) => {
    const { userid } = parse(useridParam, ctx.params);
    const { role } = parse(setRoleBodySchema, ctx.request.body);
    const actor = actorOf(ctx);
    if (userid === actor.userid && role !== 'admin' && !deps.config.ADMIN_USERIDS.includes(userid)) {
      throw cannotDemoteSelf();
    }
    await deps.ds.transaction(async (em) => {
      const before = await rowOr404<{ role: Role }>(em, 'SELECT role FROM staff WHERE userid = ?', [userid], staffNotFound);
      await em.query('UPDATE staff SET role = ? WHERE userid = ?', [role, userid]);
      await audit(em, actor, 'staff.role_changed', { type: 'staff', id: userid }, { from: before.role, to: role }, ctx.ip);
    });
    ctx.body = { ok: true };
  });

  return router;
}
