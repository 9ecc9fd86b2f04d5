import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerValueSchema, TEAM_COLUMNS, teamReportSchema, type TeamMetrics } from '@shared/api/reports.ts';
import { csvHeader } from '@server/features/reports/report-csv.ts';
import { daysBetween, rebuildRollup, refreshRecentRollup } from '@server/features/reports/rollup.ts';
import { sessionHeaders } from './support/auth.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';

/**
 * A hand-made corp with known answers. Times are UTC; Shanghai is UTC+8, so
 * 2026-11-01 15:59:59Z is still 11-01 there and 16:00:00Z is already 11-02.
 *   总部(1: boss) ─ 华东(2, led by mgr; aide) ─ 上海店(3: g1)
 *                 └ 华南(4: g2)
 * mgr and boss each hold one customer since October and do nothing in November; aide holds none.
 */
async function seed(app: TestApp): Promise<Record<string, number>> {
  const q = (sql: string, p: unknown[] = []) => app.deps.ds.query(sql, p);
  await q(
    `INSERT INTO department (id, name, parent_id, sort_order) VALUES (1,'总部',NULL,0),(2,'华东',1,0),(3,'上海店',2,0),(4,'华南',1,0)`,
  );
  const ids: Record<string, number> = {};
  for (const [userid, dept] of [
    ['mgr', 2],
    ['g1', 3],
    ['g2', 4],
    ['boss', 1],
    ['aide', 2],
  ] as const) {
    await q(`INSERT INTO staff (userid, name, role, status, is_follow_user, main_department_id) VALUES (?, ?, 'guide', 1, 1, ?)`, [
      userid,
      `名-${userid}`,
      dept,
    ]);
    ids[userid] = Number(((await q('SELECT id FROM staff WHERE userid = ?', [userid])) as Array<{ id: number }>)[0]!.id);
    await q(`INSERT INTO staff_department (staff_id, department_id, is_leader) VALUES (?, ?, ?)`, [
      ids[userid],
      dept,
      userid === 'mgr' ? 1 : 0,
    ]);
  }
  await q(`INSERT INTO customer (id, external_userid, name, total_spent, rfm_segment, last_interaction_at) VALUES
    (1,'wm1','客一',50000,'champion','2026-11-02 05:00:00'),(2,'wm2','客二',0,NULL,NULL),
    (3,'wm3','客三',90000,'at_risk_loyal','2026-09-01 00:00:00'),(4,'wm4','客四',0,NULL,NULL),
    (5,'wm5','客五',0,NULL,NULL),(6,'wm6','客六',0,NULL,NULL)`);
  await q(
    `INSERT INTO customer_follow (customer_id, staff_id, remark_mobiles, added_at, lost_at, lost_reason) VALUES
    (1, ?, '[]', '2026-11-01 15:59:59', NULL, NULL),
    (2, ?, '[]', '2026-11-01 16:00:00', NULL, NULL),
    (3, ?, '[]', '2026-11-01 01:00:00', NULL, NULL),
    (4, ?, '[]', '2026-10-20 01:00:00', '2026-11-02 03:00:00', 'customer_deleted_staff'),
    (5, ?, '[]', '2026-10-15 01:00:00', NULL, NULL),
    (6, ?, '[]', '2026-10-15 01:00:00', NULL, NULL)`,
    [ids.g1, ids.g1, ids.g2, ids.g1, ids.mgr, ids.boss],
  );
  const inter = (customer: number, staff: number | undefined, type: string, at: string, day: string, key: string) =>
    q(
      `INSERT INTO interaction (customer_id, staff_id, type, occurred_at, day, source, dedupe_key, payload) VALUES (?, ?, ?, ?, ?, 'seed', ?, '{}')`,
      [customer, staff, type, at, day, key],
    );
  await inter(1, ids.g1, 'message_in', '2026-11-02 01:00:00', '2026-11-02', 'a');
  await inter(1, ids.g1, 'message_out', '2026-11-02 01:02:00', '2026-11-02', 'b');
  await inter(1, ids.g1, 'message_in', '2026-11-02 05:00:00', '2026-11-02', 'c');
  await inter(2, ids.g1, 'message_out', '2026-11-02 06:00:00', '2026-11-02', 'd');
  await inter(2, ids.g1, 'tag_added', '2026-11-02 06:01:00', '2026-11-02', 'e');
  await q(
    `INSERT INTO reply_turn (staff_id, customer_id, opened_msgid, opened_at, day, replied_at, reply_seconds) VALUES
    (?, 1, 'm1', '2026-11-02 01:00:00', '2026-11-02', '2026-11-02 01:02:00', 120),
    (?, 2, 'm2', '2026-11-03 01:00:00', '2026-11-03', NULL, NULL)`,
    [ids.g1, ids.g1],
  );
  await q(
    `INSERT INTO script (id, scope, type, title, content, target_segments, target_stages, target_tag_ids) VALUES (1, 'corp', 'text', '新品推荐', '{"text":"hi"}', '[]', '[]', '[]')`,
  );
  await q(
    `INSERT INTO script_send (script_id, staff_id, customer_id, sent_at, day) VALUES (1, ?, 1, '2026-11-02 02:00:00', '2026-11-02'), (1, ?, 2, '2026-11-02 02:00:00', '2026-11-02')`,
    [ids.g1, ids.g1],
  );
  await q(
    `INSERT INTO orders (source, order_no, status, total_amount, paid_amount, refunded_amount, paid_at, source_updated_at, customer_id, staff_id) VALUES
    ('shop', 'o1', 'paid', 10000, 10000, 0, '2026-11-05 02:00:00', '2026-11-05 02:00:00', 1, ?),
    ('shop', 'o2', 'partially_refunded', 8000, 8000, 3000, '2026-11-06 02:00:00', '2026-11-06 02:00:00', 1, ?),
    ('shop', 'o3', 'refunded', 9000, 9000, 9000, '2026-11-06 02:00:00', '2026-11-06 02:00:00', 1, ?)`,
    [ids.g1, ids.g1, ids.g1],
  );
  await q(
    `INSERT INTO follow_up (customer_id, staff_id, content, remind_at, done_at, created_at) VALUES
    (1, ?, '回访', '2026-11-03 02:00:00', NULL, '2026-11-02 03:00:00'),
    (2, ?, '寄样', '2026-11-03 02:00:00', '2026-11-03 03:00:00', '2026-11-02 03:00:00')`,
    [ids.g1, ids.g1],
  );
  await q(
    `INSERT INTO wecom_behavior_stat (staff_id, day, chat_cnt, message_cnt, reply_percentage, avg_reply_time, negative_feedback_cnt, new_apply_cnt, new_contact_cnt)
    VALUES (?, '2026-11-02', 3, 5, 50, 2, 0, 1, 2)`,
    [ids.g1],
  );
  await q(
    `INSERT INTO group_chat (id, chat_id, name, owner_userid, create_time) VALUES (1, 'wr1', '上海粉丝群', 'g1', '2026-10-01 00:00:00')`,
  );
  await q(
    `INSERT INTO group_member (group_id, member_type, userid, customer_id, staff_id, join_time, left_at) VALUES
    (1, 1, 'g1', NULL, ?, '2026-10-01 00:00:00', NULL), (1, 2, 'wm1', 1, NULL, '2026-11-03 00:00:00', NULL), (1, 2, 'wm2', 2, NULL, '2026-10-02 00:00:00', '2026-11-04 00:00:00')`,
    [ids.g1],
  );
  await inter(1, null as unknown as number, 'group_message', '2026-11-03 01:00:00', '2026-11-03', 'g');
  await q(`UPDATE interaction SET group_id = 1 WHERE dedupe_key = 'g'`);
  return ids;
}

const NOW = new Date('2026-11-10T00:00:00Z');

async function dump(app: TestApp): Promise<unknown[]> {
  const rows: Array<Record<string, unknown>> = await app.deps.ds.query('SELECT * FROM staff_daily_stats ORDER BY staff_id, day');
  return rows.map(({ updated_at: _u, ...rest }) =>
    Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, v === null ? null : Number(v) || v])),
  );
}

describe('manager reports', () => {
  let app: TestApp;
  let ids: Record<string, number>;
  const get = async (userid: string, path: string) => app.request(path, { headers: await sessionHeaders(app, userid) });

  beforeAll(async () => {
    app = await startTestApp({ ADMIN_USERIDS: 'boss' });
    ids = await seed(app);
    await rebuildRollup(app.deps.ds, '2026-10-01', '2026-11-09', NOW);
  });
  afterAll(async () => app.stop());

  it('computes each metric of a guide with Asia/Shanghai day boundaries', async () => {
    const res = await get('boss', '/api/reports/team?from=2026-11-01&to=2026-11-07');
    expect(res.status).toBe(200);
    const report = teamReportSchema.parse(await res.json());
    const g1 = report.rows.find((r) => r.staff.userid === 'g1')!.current;
    const expected: Partial<TeamMetrics> = {
      newCustomers: 2,
      lostByCustomer: 1,
      lostByStaff: 0,
      netCustomers: 1,
      chats: 2,
      messagesSent: 2,
      messagesReceived: 2,
      tagsApplied: 1,
      turnsOpened: 2,
      turnsReplied: 1,
      unanswered: 1,
      repliedRatio: 0.5,
      avgFirstReplySeconds: 120,
      scriptsSent: 2,
      followUpsWritten: 2,
      remindersDone: 1,
      remindersOverdue: 1,
      orders: 2,
      buyers: 1,
      gmv: 15000,
      wecomChatCnt: 3,
      wecomMessageCnt: 5,
      wecomReplyPercentage: 50,
      wecomAvgReplyTime: 2,
      wecomNewContactCnt: 2,
    };
    expect(g1).toMatchObject(expected);
    // g2's only customer was added 11-01 09:00 Shanghai.
    expect(report.rows.find((r) => r.staff.userid === 'g2')!.current.newCustomers).toBe(1);
    expect(report.totals.current.newCustomers).toBe(3);
    expect(report.previousFrom).toBe('2026-10-25');
    expect(report.previousTo).toBe('2026-10-31');
  });

  it('counts a customer who bought on two days once, for the precomputed periods and any other length', async () => {
    // g1's customer 1 bought on 11-05 and 11-06 (Shanghai); the periods end on days without orders.
    const buyers = async (from: string, to: string) => {
      const res = await get('boss', `/api/reports/team?from=${from}&to=${to}`);
      const report = teamReportSchema.parse(await res.json());
      return [report.rows.find((r) => r.staff.userid === 'g1')!.current.buyers, report.totals.current.buyers];
    };
    expect(await buyers('2026-11-09', '2026-11-09')).toEqual([0, 0]); // 1 day: the day's own count
    expect(await buyers('2026-11-05', '2026-11-05')).toEqual([1, 1]);
    expect(await buyers('2026-11-03', '2026-11-09')).toEqual([1, 1]); // 7 days, from the rollup
    expect(await buyers('2026-10-11', '2026-11-09')).toEqual([1, 1]); // 30 days
    expect(await buyers('2026-08-12', '2026-11-09')).toEqual([1, 1]); // 90 days
    expect(await buyers('2026-11-01', '2026-11-06')).toEqual([1, 1]); // 6 days, from the orders
    expect(await buyers('2026-11-06', '2026-11-09')).toEqual([1, 1]); // 4 days, only the second purchase
    expect(await buyers('2026-10-27', '2026-11-02')).toEqual([0, 0]); // 7 days before any purchase
  });

  it('reads the same preset-period report from the window rows as from the summed days', async () => {
    const report = async (from: string, to: string) =>
      (await (await get('boss', `/api/reports/team?from=${from}&to=${to}`)).json()) as unknown;
    const periods = [
      ['2026-11-03', '2026-11-09'],
      ['2026-10-11', '2026-11-09'],
      ['2026-08-12', '2026-11-09'],
    ] as const;
    const fromWindows = [];
    for (const [from, to] of periods) fromWindows.push(await report(from, to));
    const [windows] = (await app.deps.ds.query('SELECT COUNT(*) AS n FROM staff_window_stats')) as Array<{ n: number | string }>;
    expect(Number(windows?.n)).toBeGreaterThan(0);
    await app.deps.ds.query('DELETE FROM staff_window_stats');
    try {
      for (const [i, [from, to]] of periods.entries()) expect(await report(from, to)).toEqual(fromWindows[i]);
    } finally {
      await rebuildRollup(app.deps.ds, '2026-10-01', '2026-11-09', NOW);
    }
  });

  it('counts a contact added at 23:59:59 Shanghai on that day and one at 00:00 on the next', async () => {
    const res = await get('boss', '/api/reports/trends?from=2026-11-01&to=2026-11-02&staffId=' + ids.g1);
    const body = (await res.json()) as { series: Array<{ day: string; metrics: TeamMetrics }> };
    expect(body.series.map((s) => [s.day, s.metrics.newCustomers])).toEqual([
      ['2026-11-01', 1],
      ['2026-11-02', 1],
    ]);
  });

  it('rebuilding the whole range equals keeping it current day by day', async () => {
    const full = await dump(app);
    await app.deps.ds.query('DELETE FROM staff_daily_stats');
    for (const day of daysBetween('2026-10-02', '2026-11-10')) {
      await refreshRecentRollup(app.deps.ds, new Date(`${day}T12:00:00Z`) < NOW ? new Date(`${day}T12:00:00Z`) : NOW);
    }
    await rebuildRollup(app.deps.ds, '2026-11-09', '2026-11-09', NOW); // the overdue flag depends on "now"
    // The last refresh also wrote 11-10 (g1's buyer windows still hold the purchases of 11-05/06),
    // a day the full rebuild above did not cover.
    await app.deps.ds.query(`DELETE FROM staff_daily_stats WHERE day > '2026-11-09'`);
    expect(await dump(app)).toEqual(full);
  });

  it('scopes by role: a guide sees only their own row and gets 403 for a colleague; a manager sees their department subtree', async () => {
    const guide = teamReportSchema.parse(await (await get('g1', '/api/reports/team?from=2026-11-01&to=2026-11-07')).json());
    expect(guide.rows.map((r) => r.staff.userid)).toEqual(['g1']);
    expect((await get('g1', `/api/reports/trends?from=2026-11-01&to=2026-11-07&staffId=${ids.g2}`)).status).toBe(403);
    const mgr = teamReportSchema.parse(await (await get('mgr', '/api/reports/team?from=2026-11-01&to=2026-11-07')).json());
    expect(mgr.rows.map((r) => r.staff.userid).sort()).toEqual(['g1', 'mgr']);
    expect((await get('mgr', `/api/reports/trends?from=2026-11-01&to=2026-11-07&staffId=${ids.g2}`)).status).toBe(403);
    expect((await get('mgr', '/api/reports/team?from=2026-11-01&to=2026-11-07&departmentId=4')).status).toBe(403);
    const admin = teamReportSchema.parse(await (await get('boss', '/api/reports/team?from=2026-11-01&to=2026-11-07')).json());
    expect(admin.rows.length).toBe(4);
  });

  it('rejects a range over 180 days and a reversed range with invalid_input', async () => {
    const long = await get('boss', '/api/reports/team?from=2026-01-01&to=2026-11-07');
    expect(long.status).toBe(400);
    expect(((await long.json()) as { error: { id: string } }).error.id).toBe('invalid_input');
    expect((await get('boss', '/api/reports/team?from=2026-11-07&to=2026-11-01')).status).toBe(400);
  });

  it('rejects impossible days (400) and years outside 2000–2100 (422) in report ranges instead of rolling them over', async () => {
    for (const path of [
      '/api/reports/team?from=2026-02-31&to=2026-03-05',
      '/api/reports/trends?from=2026-11-01&to=2026-11-31',
      '/api/reports/groups?from=2026-2-1&to=2026-02-05',
    ]) {
      const res = await get('boss', path);
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { error: { id: string } }).error.id).toBe('invalid_input');
    }
    const far = await get('boss', '/api/reports/scripts?from=9999-12-01&to=9999-12-31');
    expect(far.status).toBe(422);
    expect(((await far.json()) as { error: { id: string } }).error.id).toBe('value_out_of_range');
  });

  it('reports script effectiveness: replies within 24 h and orders within 7 days of a send', async () => {
    const body = (await (await get('boss', '/api/reports/scripts?from=2026-11-01&to=2026-11-07')).json()) as {
      rows: Array<Record<string, unknown>>;
    };
    expect(body.rows).toEqual([
      { script: { id: 1, title: '新品推荐' }, sends: 2, uniqueCustomers: 2, repliedWithin24h: 1, ordersWithin7d: 1, gmvWithin7d: 15000 },
    ]);
  });

  it('lists neglected valuable customers and the segment mix per guide', async () => {
    const n = (await (await get('boss', '/api/reports/neglected?days=14')).json()) as {
      items: Array<{ name: string; daysSilent: number }>;
      total: number;
    };
    // 客三 (重要保持, silent since 09-01) is neglected; 客一 was contacted recently relative to the real clock? use total only for the old one.
    expect(n.items.map((i) => i.name)).toContain('客三');
    const v = (await (await get('boss', '/api/reports/customer-value')).json()) as {
      rows: Array<{ staff: { name: string }; segments: Record<string, number>; total: number }>;
    };
    expect(v.rows.find((r) => r.staff.name === '名-g1')).toMatchObject({ segments: { champion: 1, unscored: 1 }, total: 2 });
  });

  it('reports group activity per owner', async () => {
    const body = (await (await get('boss', '/api/reports/groups?from=2026-11-01&to=2026-11-07')).json()) as { rows: unknown[] };
    expect(body.rows).toEqual([
      { owner: { id: ids.g1, name: '名-g1' }, groups: 1, members: 2, customers: 1, newMembers: 1, messages: 1, activeMembers: 1 },
    ]);
  });

  it('exports CSV with a BOM, Chinese headers and a totals row, and writes the export to the audit log', async () => {
    const res = await get('boss', '/api/reports/team?from=2026-11-01&to=2026-11-07&format=csv');
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^导购,账号,部门,新增客户/);
    expect(lines.at(-1)).toMatch(/^合计,,,3,/);
    const logs: Array<{ action: string; actor_userid: string }> = await app.deps.ds.query(
      `SELECT action, actor_userid FROM audit_log WHERE action = 'report.export'`,
    );
    expect(logs).toEqual([{ action: 'report.export', actor_userid: 'boss' }]);
  });

  const csv = async (userid: string, path: string) => {
    const res = await get(userid, path);
    expect(res.status, path).toBe(200);
    const lines = new TextDecoder()
      .decode(new Uint8Array(await res.arrayBuffer()).slice(3))
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    const [header, ...rows] = lines;
    const cell = (row: string[], column: string) => row[header!.indexOf(column)];
    return { header: header!, rows, cell };
  };

  it("exports the team CSV in the table's column order, money in 元, reply time in minutes, ratios in percent", async () => {
    const { header, rows, cell } = await csv('boss', '/api/reports/team?from=2026-11-01&to=2026-11-07&format=csv');
    expect(header).toEqual(['导购', '账号', '部门', ...TEAM_COLUMNS.map(csvHeader)]);
    expect(header).toEqual(
      expect.arrayContaining(['成交额(元)', '平均首次回复(分钟)', '回复率(%)', '企微回复率(%)', '企微平均首次回复(分钟)']),
    );
    const g1 = rows.find((r) => r[1] === 'g1')!;
    expect(cell(g1, '成交额(元)')).toBe('150.00');
    expect(cell(g1, '平均首次回复(分钟)')).toBe('2.0');
    expect(cell(g1, '回复率(%)')).toBe('50.0');
    expect(cell(g1, '企微回复率(%)')).toBe('50.0');
    expect(cell(g1, '企微平均首次回复(分钟)')).toBe('2.0');
    // No reply in the period: an empty cell, not 0.
    expect(
      cell(
        rows.find((r) => r[1] === 'g2')!,
        '平均首次回复(分钟)',
      ),
    ).toBe('');
    expect(cell(rows.at(-1)!, '成交额(元)')).toBe('150.00');
  });

  it("exports only the columns shown on screen, in the table's order whatever order they are asked in", async () => {
    const path = '/api/reports/team?from=2026-11-01&to=2026-11-07&format=csv&columns=gmv,avgFirstReplySeconds,newCustomers';
    const { header, rows } = await csv('boss', path);
    expect(header).toEqual(['导购', '账号', '部门', '新增客户', '平均首次回复(分钟)', '成交额(元)']);
    expect(rows.at(-1)).toEqual(['合计', '', '', '3', '2.0', '150.00']);
    const bad = await get('boss', '/api/reports/team?from=2026-11-01&to=2026-11-07&format=csv&columns=gmv,password');
    expect(bad.status).toBe(400);
  });

  it('exports neglected customers with money in 元 and the last contact in Asia/Shanghai local time', async () => {
    const { header, rows, cell } = await csv('boss', '/api/reports/neglected?days=14&format=csv');
    expect(header).toEqual(['客户', '客户分层', '累计消费(元)', '最近联系', '未联系天数', '导购']);
    const c3 = rows.find((r) => r[0] === '客三')!;
    expect(cell(c3, '累计消费(元)')).toBe('900.00');
    // 2026-09-01 00:00 UTC is 08:00 in Shanghai.
    expect(cell(c3, '最近联系')).toBe('2026-09-01 08:00');
    expect(cell(c3, '导购')).toBe('名-g2');
  });

  it('exports the script and group reports in their table order with money in 元', async () => {
    const scripts = await csv('boss', '/api/reports/scripts?from=2026-11-01&to=2026-11-07&format=csv');
    expect(scripts.header).toEqual(['话术', '发送次数', '触达客户', '24小时内回复', '7天内下单', '7天内成交额(元)']);
    expect(scripts.rows).toEqual([['新品推荐', '2', '2', '1', '1', '150.00']]);
    const groups = await csv('boss', '/api/reports/groups?from=2026-11-01&to=2026-11-07&format=csv');
    expect(groups.header).toEqual(['群主', '群数', '成员', '客户', '新入群', '群消息', '活跃成员']);
    expect(groups.rows).toEqual([['名-g1', '1', '2', '1', '1', '1', '1']]);
  });

  it('leaves people without customers or activity out of manager and admin reports, keeps an idle guide with customers', async () => {
    const admin = teamReportSchema.parse(await (await get('boss', '/api/reports/team?from=2026-11-01&to=2026-11-07')).json());
    expect(admin.rows.map((r) => r.staff.userid).sort()).toEqual(['boss', 'g1', 'g2', 'mgr']);
    const mgr = admin.rows.find((r) => r.staff.userid === 'mgr')!;
    expect(Object.values(mgr.current).every((v) => v === 0 || v === null)).toBe(true);
    // Before October 15 nobody but g1 and g2 had a customer, and nobody did anything.
    const early = teamReportSchema.parse(await (await get('boss', '/api/reports/team?from=2026-10-01&to=2026-10-07')).json());
    expect(early.rows).toEqual([]);
    // A guide's own report always has their row.
    const own = teamReportSchema.parse(await (await get('aide', '/api/reports/team?from=2026-11-01&to=2026-11-07')).json());
    expect(own.rows.map((r) => r.staff.userid)).toEqual(['aide']);
    const value = customerValueSchema.parse(await (await get('mgr', '/api/reports/customer-value')).json());
    expect(value.rows.map((r) => r.staff.name).sort()).toEqual(['名-g1', '名-mgr']);
  });
});
