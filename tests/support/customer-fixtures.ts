import type { DataSource } from 'typeorm';
import { dbTime } from '@server/db/sql.ts';

/**
 * A small corp for the sidebar API tests, written with plain SQL:
 *   总部(1) ─ 上海店(2): g1 王导购, g2 李导购 (guides), mgr 赵店长 (leads 上海店); boss (admin via ADMIN_USERIDS); gone (left)
 *   g3 孙导购 in 北京店(3), not under mgr.
 *   customers 1 张三 (g1 + g2, champion), 2 李四 (g2 only), 3 王五 (g1 lost), 4 赵六 (g3)
 *   tags: 客户等级 {VIP, 新客}, 偏好 {干皮, 油皮}, one deleted tag
 *   group 1 张姐粉丝群 owned by g1 with 张三, 李四, a stranger, g1 (g2 left)
 */
export interface SidebarFixture {
  staff: Record<'g1' | 'g2' | 'g3' | 'mgr' | 'boss' | 'gone', number>;
  follows: { c1g1: number; c1g2: number; c2g2: number };
}

export const FIXTURE_NOW = new Date();

export async function seedSidebarFixture(ds: DataSource): Promise<SidebarFixture> {
  const q = (sql: string, p: unknown[] = []) => ds.query(sql, p);
  const ago = (days: number) => dbTime(new Date(FIXTURE_NOW.getTime() - days * 86_400_000));
  await q(`INSERT INTO department (id, name, parent_id, sort_order) VALUES (1,'总部',NULL,0),(2,'上海店',1,0),(3,'北京店',1,0)`);
  const staff = {} as SidebarFixture['staff'];
  const people: Array<[keyof SidebarFixture['staff'], string, string, number, number]> = [
    ['g1', '王导购', 'guide', 1, 2],
    ['g2', '李导购', 'guide', 1, 2],
    ['g3', '孙导购', 'guide', 1, 3],
    ['mgr', '赵店长', 'manager', 1, 2],
    ['boss', '老板', 'guide', 1, 1],
    ['gone', '离职导购', 'guide', 5, 2],
  ];
  for (const [userid, name, role, status, dept] of people) {
    await q('INSERT INTO staff (userid, name, role, status, main_department_id, is_follow_user) VALUES (?, ?, ?, ?, ?, 1)', [
      userid,
      name,
      role,
      status,
      dept,
    ]);
    const rows: Array<{ id: number }> = await q('SELECT id FROM staff WHERE userid = ?', [userid]);
    staff[userid] = Number(rows[0]?.id);
  }
  await q('INSERT INTO staff_department (staff_id, department_id, is_leader) VALUES (?,2,0),(?,2,0),(?,3,0),(?,2,1),(?,1,0)', [
    staff.g1,
    staff.g2,
    staff.g3,
    staff.mgr,
    staff.boss,
  ]);

  await q(
    `INSERT INTO tag_group (id, name, sort_order, created_at, deleted) VALUES ('grp_level','客户等级',10,?,0),('grp_pref','偏好',5,?,0)`,
    [ago(100), ago(100)],
  );
  await q(
    `INSERT INTO tag (id, group_id, name, sort_order, created_at, deleted) VALUES
    ('tag_vip','grp_level','VIP',2,?,0),('tag_new','grp_level','新客',1,?,0),
    ('tag_dry','grp_pref','干皮',2,?,0),('tag_oily','grp_pref','油皮',1,?,0),('tag_gone','grp_pref','已删除',0,?,1)`,
    [ago(100), ago(100), ago(100), ago(100), ago(100)],
  );
  await q("UPDATE data_version SET version = version + 1 WHERE name = 'tag_catalog'");

  await q(
    `INSERT INTO customer (id, external_userid, name, avatar, type, gender, phone, first_added_at, last_interaction_at, order_count, total_spent, last_order_at,
      rfm_r, rfm_f, rfm_m, rfm_segment, lifecycle_stage) VALUES
    (1,'wm_zhangsan','张三','https://img.example/1.png',1,2,'13812345678',?,?,3,123400,?,5,4,5,'champion','loyal'),
    (2,'wm_lisi','李四',NULL,2,1,NULL,?,NULL,0,0,NULL,NULL,NULL,NULL,NULL,'aware'),
    (3,'wm_wangwu','王五',NULL,1,0,NULL,?,NULL,0,0,NULL,NULL,NULL,NULL,'prospect','aware'),
    (4,'wm_zhaoliu','赵六',NULL,1,0,NULL,?,NULL,1,9900,?,3,1,2,'new_low_value','purchased')`,
    [ago(60), ago(2), ago(10), ago(30), ago(30), ago(5), ago(4)],
  );
  await q(`UPDATE customer SET corp_name = '木棉集' WHERE id = 2`);
  await q(
    `INSERT INTO customer_follow (customer_id, staff_id, remark, description, remark_mobiles, add_way, state, added_at, lost_at) VALUES
    (1, ?, '张姐', '喜欢保湿类', '["13900001111"]', 1, 'store_qr', ?, NULL),
    (1, ?, NULL, NULL, '[]', 3, NULL, ?, NULL),
    (2, ?, NULL, NULL, '[]', 2, NULL, ?, NULL),
    (3, ?, NULL, NULL, '[]', 1, NULL, ?, ?),
    (4, ?, NULL, NULL, '[]', 1, NULL, ?, NULL)`,
    [staff.g1, ago(60), staff.g2, ago(40), staff.g2, ago(0), staff.g1, ago(30), ago(3), staff.g3, ago(5)],
  );
  const f: Array<{ id: number; customer_id: number; staff_id: number }> = await q('SELECT id, customer_id, staff_id FROM customer_follow');
  const fid = (c: number, s: number) => Number(f.find((r) => Number(r.customer_id) === c && Number(r.staff_id) === s)?.id);
  const follows = { c1g1: fid(1, staff.g1), c1g2: fid(1, staff.g2), c2g2: fid(2, staff.g2) };
  await q(`INSERT INTO customer_tag (follow_id, tag_id, customer_id, created_at) VALUES (?, 'tag_vip', 1, ?), (?, 'tag_dry', 1, ?)`, [
    follows.c1g1,
    ago(50),
    follows.c1g2,
    ago(30),
  ]);

  await q(
    `INSERT INTO group_chat (id, chat_id, name, owner_userid, notice, create_time, member_count, customer_count) VALUES
    (1,'wr_fans','张姐粉丝群','g1','每周三会员日',?,4,3),(2,'wr_bj','北京群','g3',NULL,?,1,0)`,
    [ago(90), ago(20)],
  );
  await q(
    `INSERT INTO group_member (group_id, member_type, userid, customer_id, staff_id, name, join_time, join_scene, left_at) VALUES
    (1, 1, 'g1', NULL, ?, '王导购', ?, 1, NULL),
    (1, 2, 'wm_zhangsan', 1, NULL, '张三', ?, 1, NULL),
    (1, 2, 'wm_lisi', 2, NULL, '李四', ?, 3, NULL),
    (1, 2, 'wm_stranger', NULL, NULL, '路人', ?, 2, NULL),
    (1, 1, 'g2', NULL, ?, '李导购', ?, 1, ?),
    (2, 1, 'g3', NULL, ?, '孙导购', ?, 1, NULL)`,
    [staff.g1, ago(90), ago(80), ago(10), ago(5), staff.g2, ago(85), ago(20), staff.g3, ago(20)],
  );
  return { staff, follows };
}

/** Inserts `n` interactions for a customer, one minute apart (newest = now − 1 min), as a sync would. */
export async function seedInteractions(ds: DataSource, customerId: number, staffId: number, n: number): Promise<void> {
  const values: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const at = new Date(FIXTURE_NOW.getTime() - (i + 1) * 60_000);
    values.push(
      customerId,
      staffId,
      i % 2 === 0 ? 'message_in' : 'message_out',
      dbTime(at),
      at.toISOString().slice(0, 10),
      'archive',
      `t:${customerId}:${i}`,
      JSON.stringify({ msgtype: 'text', text: `消息${i}` }),
      dbTime(at),
    );
  }
  if (n === 0) return;
  await ds.query(
    `INSERT INTO interaction (customer_id, staff_id, type, occurred_at, day, source, dedupe_key, payload, created_at) VALUES ${Array.from({ length: n }, () => '(?,?,?,?,?,?,?,?,?)').join(',')}`,
    values,
  );
}
