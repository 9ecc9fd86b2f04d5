import { In } from 'typeorm';
import { DepartmentEntity, type Department } from '@server/entities/Department.ts';
import { StaffEntity, type Staff } from '@server/entities/Staff.ts';
import { StaffDepartmentEntity, type StaffDepartment } from '@server/entities/StaffDepartment.ts';
import type { WecomUser } from '@server/wecom/schemas.ts';
import { upsertRows } from '@server/db/sql.ts';
import { markStaffLeft, STAFF_STATUS_LEFT } from '../staff-left.ts';
import { orNull } from '../values.ts';
import { mapLimit, type StageContext } from './context.ts';

/**
 * Departments and staff: department/list, then user/list per department
 * (members appear once per department; merged by userid), staff_department
 * with is_leader from is_leader_in_dept or department_leader. One transaction:
 * the directory is small (hundreds of members).
 */
export async function syncDirectory(ctx: StageContext): Promise<void> {
  const departments = await ctx.api.listDepartments();
  const lists = await mapLimit(departments, 4, (d) => ctx.api.listUsers(d.id));
  const users = new Map<string, WecomUser>();
  for (const list of lists) for (const u of list) if (!users.has(u.userid)) users.set(u.userid, u);
  const leadersByDept = new Map(departments.map((d) => [d.id, new Set(d.department_leader ?? [])]));

  await ctx.commit(
    { stage: 'follow_users' },
    async (m) => {
      // departments
      const oldDepts = new Map((await m.getRepository(DepartmentEntity).find()).map((d) => [d.id, d]));
      const deptRows: Array<Partial<Department>> = [];
      for (const d of departments) {
        const next = { id: d.id, name: d.name, parentId: d.parentid === 0 ? null : d.parentid, sortOrder: d.order ?? 0 };
        const old = oldDepts.get(d.id);
        if (!old || old.name !== next.name || old.parentId !== next.parentId || old.sortOrder !== next.sortOrder)
          deptRows.push({ ...next, updatedAt: ctx.now });
      }
      await upsertRows(m, DepartmentEntity, deptRows, ['name', 'parent_id', 'sort_order', 'updated_at'], ['id']);

      // staff
      const oldStaff = await m.getRepository(StaffEntity).find();
      const staffByUserid = new Map(oldStaff.map((s) => [s.userid, s]));
      const staffRows: Array<Partial<Staff>> = [];
      for (const u of users.values()) {
        const next = {
          userid: u.userid,
          name: u.name,
          avatar: orNull(u.avatar),
          position: orNull(u.position),
          gender: Number(u.gender ?? 0) || 0,
          status: u.status ?? 1,
          mainDepartmentId: u.main_department ?? u.department[0] ?? null,
        };
        const old = staffByUserid.get(u.userid);
        if (
          !old ||
          old.name !== next.name ||
          old.avatar !== next.avatar ||
          old.position !== next.position ||
          old.gender !== next.gender ||
          old.status !== next.status ||
          old.mainDepartmentId !== next.mainDepartmentId
        )
          staffRows.push({ ...next, updatedAt: ctx.now });
      }
      await upsertRows(
        m,
        StaffEntity,
        staffRows,
        ['name', 'avatar', 'position', 'gender', 'status', 'main_department_id', 'updated_at'],
        ['userid'],
      );
      // Members no longer listed left the corp.
      await markStaffLeft(
        m,
        oldStaff.filter((s) => !users.has(s.userid) && s.status !== STAFF_STATUS_LEFT).map((s) => s.userid),
        ctx.now,
      );

      // memberships
      const staff = await m.getRepository(StaffEntity).find({ select: { id: true, userid: true } });
      const staffId = new Map(staff.map((s) => [s.userid, s.id]));
      const want = new Map<string, StaffDepartment>();
      for (const u of users.values()) {
        const sid = staffId.get(u.userid)!;
        u.department.forEach((deptId, i) => {
          const isLeader = (u.is_leader_in_dept?.[i] ?? 0) === 1 || (leadersByDept.get(deptId)?.has(u.userid) ?? false);
          want.set(`${sid}:${deptId}`, { staffId: sid, departmentId: deptId, isLeader });
        });
      }
      const have = await m.getRepository(StaffDepartmentEntity).find();
      const haveByKey = new Map(have.map((h) => [`${h.staffId}:${h.departmentId}`, h]));
      const rows = [...want.values()].filter((w) => {
        const h = haveByKey.get(`${w.staffId}:${w.departmentId}`);
        return !h || Boolean(h.isLeader) !== w.isLeader;
      });
      await upsertRows(m, StaffDepartmentEntity, rows, ['is_leader'], ['staff_id', 'department_id']);
      // Memberships of listed members that WeCom no longer reports.
      const listedIds = new Set([...users.keys()].map((u) => staffId.get(u)));
      for (const h of have) {
        if (listedIds.has(h.staffId) && !want.has(`${h.staffId}:${h.departmentId}`)) {
          await m.getRepository(StaffDepartmentEntity).delete({ staffId: h.staffId, departmentId: h.departmentId });
        }
      }
      ctx.counts.departments = departments.length;
      ctx.counts.staff = users.size;
      ctx.bump('written', deptRows.length + staffRows.length + rows.length);
    },
    { done: users.size, total: users.size },
  );
}

/** get_follow_user_list → staff.is_follow_user (true for listed members, false for the rest). */
export async function syncFollowUsers(ctx: StageContext): Promise<void> {
  const followUsers = new Set(await ctx.api.getFollowUserList());
  await ctx.commit(
    { stage: 'customers', chunk: 0, cursor: '' },
    async (m) => {
      const staff = await m.getRepository(StaffEntity).find({ select: { id: true, userid: true, isFollowUser: true } });
      const on = staff.filter((s) => followUsers.has(s.userid) && !s.isFollowUser).map((s) => s.id);
      const off = staff.filter((s) => !followUsers.has(s.userid) && s.isFollowUser).map((s) => s.id);
      if (on.length > 0) await m.getRepository(StaffEntity).update({ id: In(on) }, { isFollowUser: true, updatedAt: ctx.now });
      if (off.length > 0) await m.getRepository(StaffEntity).update({ id: In(off) }, { isFollowUser: false, updatedAt: ctx.now });
      ctx.counts.followUsers = followUsers.size;
      ctx.bump('written', on.length + off.length);
    },
    { done: followUsers.size, total: followUsers.size },
  );
}
