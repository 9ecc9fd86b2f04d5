import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chatTasksResponseSchema,
  sopRuleSchema,
  sopRulesResponseSchema,
  taskReportSchema,
  todayTasksResponseSchema,
} from '@shared/api/tasks.ts';
import { dbTime, fromDbTime } from '@server/db/sql.ts';
import { jobRunnerFor } from '@server/jobs/index.ts';
import { sessionHeaders } from '../../../../tests/support/auth.ts';
import { startSimApp, type SimApp } from '../../../../tests/support/sim-app.ts';
import { generateSopTasks } from './generate.ts';
import { registerJobs, SOP_GENERATE_JOB } from './sop.jobs.ts';

/** Asia/Shanghai wall time → instant (UTC+8). */
const at = (local: string) => new Date(`${local}+08:00`);

/** SOP rules create the right tasks on the right days (injected clock), once each, and a task is done by sending its script. */
describe('SOP rules and tasks', () => {
  let s: SimApp;
  let guide: { userid: string; staffId: number; customerId: number; name: string };
  let headers: Record<string, string>;
  let manager: Record<string, string>;
  const q = <T>(sql: string, params: unknown[] = []) => s.app.deps.ds.query(sql, params) as Promise<T[]>;
  const ruleId = async (trigger: string) =>
    Number((await q<{ id: number }>('SELECT id FROM sop_rule WHERE trigger_kind = ?', [trigger]))[0]!.id);
  const only = async (trigger: string) => {
    await q('UPDATE sop_rule SET enabled = 0');
    await q('UPDATE sop_rule SET enabled = 1 WHERE trigger_kind = ?', [trigger]);
  };
  const tasksOf = (rule: number) =>
    q<{ customer_id: number | null; group_id: number | null; due_at: string; staff_id: number; status: string }>(
      'SELECT customer_id, group_id, due_at, staff_id, status FROM task WHERE rule_id = ? ORDER BY id',
      [rule],
    );
  const post = async (path: string, h: Record<string, string>, body: unknown) =>
    s.app.request(path, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    s = await startSimApp({}, { customers: 30, guides: 3, groups: 3 });
    const rows = await q<{ userid: string; staff_id: number; customer_id: number; name: string }>(
      `SELECT s.userid, s.id AS staff_id, f.customer_id, c.name FROM customer_follow f JOIN staff s ON s.id = f.staff_id JOIN customer c ON c.id = f.customer_id
        WHERE f.lost_at IS NULL AND s.role = 'guide' AND NOT EXISTS (SELECT 1 FROM customer_follow o WHERE o.customer_id = f.customer_id AND o.id <> f.id)
        ORDER BY f.customer_id LIMIT 1`,
    );
    const r = rows[0]!;
    guide = { userid: r.userid, staffId: Number(r.staff_id), customerId: Number(r.customer_id), name: r.name };
    headers = await sessionHeaders(s.app, guide.userid);
    const admin = await q<{ userid: string }>("SELECT userid FROM staff WHERE role = 'admin' LIMIT 1");
    manager = await sessionHeaders(s.app, admin[0]!.userid);
    await q("UPDATE customer_follow SET remark = '私密备注', salutation = '黄姐' WHERE customer_id = ?", [guide.customerId]);
  }, 120_000);
  afterAll(async () => s?.stop());

  it('ships the built-in rules, 一年六次 among them', async () => {
    const rules = sopRulesResponseSchema.parse(await (await s.app.request('/api/sop-rules', { headers: manager })).json());
    expect(rules.items.map((r) => r.name)).toEqual(
      expect.arrayContaining(['一年六次', '首单回访', '沉默唤醒', '生日关怀', '退款安抚', '新群破冰']),
    );
    expect(rules.items.find((r) => r.trigger === 'six_touch')).toMatchObject({ segment: 'champion', builtin: true, enabled: true });
    expect((await s.app.request('/api/sop-rules', { headers })).status).toBe(403);
  });

  it('first order: a task 3 days after the first order, due at the rule hour, created once', async () => {
    await only('first_order');
    const rule = await ruleId('first_order');
    await q(
      `INSERT INTO orders (source, order_no, status, total_amount, paid_amount, paid_at, source_updated_at, customer_id)
       VALUES ('shop', 'SOP-1', 'paid', 10000, 10000, ?, ?, ?)`,
      [dbTime(at('2026-11-02T15:00:00')), dbTime(at('2026-11-02T15:00:00')), guide.customerId],
    );
    expect(await generateSopTasks(s.app.deps.ds, at('2026-11-04T09:00:00'))).toBe(0);
    expect(await generateSopTasks(s.app.deps.ds, at('2026-11-05T09:00:00'))).toBe(1);
    expect(await generateSopTasks(s.app.deps.ds, at('2026-11-05T19:00:00'))).toBe(0);
    expect(await generateSopTasks(s.app.deps.ds, at('2026-11-08T09:00:00'))).toBe(0);
    const tasks = await tasksOf(rule);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ customer_id: guide.customerId, staff_id: guide.staffId, status: 'open' });
    expect(fromDbTime(tasks[0]!.due_at)?.toISOString()).toBe(at('2026-11-05T18:00:00').toISOString());
  });

  it('30 days silent and 7 days before a birthday, each on its day', async () => {
    await only('silent');
    await q('UPDATE customer SET last_interaction_at = ? WHERE id = ?', [dbTime(at('2026-10-01T10:00:00')), guide.customerId]);
    await q('UPDATE customer SET last_interaction_at = NULL WHERE id <> ?', [guide.customerId]);
    expect(await generateSopTasks(s.app.deps.ds, at('2026-10-30T10:00:00'))).toBe(0);
    expect(await generateSopTasks(s.app.deps.ds, at('2026-10-31T10:30:00'))).toBe(1);
    expect(await generateSopTasks(s.app.deps.ds, at('2026-11-01T10:30:00'))).toBe(0);

    await only('birthday');
    await q('UPDATE customer SET birthday = NULL WHERE id <> ?', [guide.customerId]);
    await q("UPDATE customer SET birthday = '12-20' WHERE id = ?", [guide.customerId]);
    expect(await generateSopTasks(s.app.deps.ds, at('2026-12-12T10:00:00'))).toBe(0);
    expect(await generateSopTasks(s.app.deps.ds, at('2026-12-13T10:00:00'))).toBe(1);
    expect(await generateSopTasks(s.app.deps.ds, at('2026-12-19T10:00:00'))).toBe(0);
  });

  it('new groups: tasks for the owner on days 1, 3 and 7 after creation', async () => {
    await only('group_created');
    const rule = await ruleId('group_created');
    const group = (
      await q<{ id: number; staff_id: number }>(
        'SELECT g.id, s.id AS staff_id FROM group_chat g JOIN staff s ON s.userid = g.owner_userid ORDER BY g.id LIMIT 1',
      )
    )[0]!;
    await q('UPDATE group_chat SET create_time = ? WHERE id = ?', [dbTime(at('2026-11-10T20:00:00')), group.id]);
    await q('UPDATE group_chat SET create_time = ? WHERE id <> ?', [dbTime(at('2025-01-01T00:00:00')), group.id]);
    const created: number[] = [];
    for (const day of ['10', '11', '12', '13', '14', '15', '16', '17', '18'])
      created.push(await generateSopTasks(s.app.deps.ds, at(`2026-11-${day}T12:30:00`)));
    expect(created).toEqual([0, 1, 0, 1, 0, 0, 0, 1, 0]);
    expect((await tasksOf(rule)).map((t) => [t.group_id, t.staff_id])).toEqual([
      [group.id, group.staff_id],
      [group.id, group.staff_id],
      [group.id, group.staff_id],
    ]);
  });

  it('一年六次: one touch per two months for 重要价值客户, counted as 本年第 n/6 次 once done', async () => {
    await only('six_touch');
    const year = new Date().getUTCFullYear();
    await q('UPDATE customer SET rfm_segment = NULL WHERE id <> ?', [guide.customerId]);
    await q("UPDATE customer SET rfm_segment = 'champion' WHERE id = ?", [guide.customerId]);
    const created: number[] = [];
    for (const d of ['01-05', '02-20', '03-01', '04-30', '05-02', '05-20'])
      created.push(await generateSopTasks(s.app.deps.ds, at(`${year}-${d}T09:00:00`)));
    expect(created).toEqual([1, 0, 1, 0, 1, 0]);
    const ids = await q<{ id: number }>("SELECT id FROM task WHERE rule_id = ? AND status = 'open' ORDER BY id", [
      await ruleId('six_touch'),
    ]);
    for (const t of ids) expect((await post(`/api/tasks/${t.id}/done`, headers, { via: 'share' })).status).toBe(200);
    const chat = chatTasksResponseSchema.parse(
      await (await s.app.request(`/api/tasks/chat?customerId=${guide.customerId}`, { headers })).json(),
    );
    expect(chat.cadence).toEqual({ done: 3, total: 6 });
  });

  it('今日任务 lists overdue and today with the script rendered (never the remark); done by sending, or dismissed with a reason', async () => {
    const today = todayTasksResponseSchema.parse(await (await s.app.request('/api/tasks/today', { headers })).json());
    const all = [...today.overdue, ...today.today];
    expect(all.length).toBeGreaterThan(0);
    const first = all.find((t) => t.customer?.id === guide.customerId)!;
    expect(first.text.startsWith('黄姐')).toBe(true);
    expect(all.map((t) => t.text).join('\n')).not.toContain('私密备注');
    expect(first.overdue).toBe(true);
    const other = await q<{ userid: string }>("SELECT userid FROM staff WHERE role = 'guide' AND id <> ? LIMIT 1", [guide.staffId]);
    expect((await post(`/api/tasks/${first.id}/done`, await sessionHeaders(s.app, other[0]!.userid), { via: 'chat' })).status).toBe(403);
    expect((await post(`/api/tasks/${first.id}/done`, headers, { via: 'chat', text: '   ' })).status).toBe(400);
    // The guide corrected the preview: the task and the customer's timeline keep what was sent.
    const sent = `${first.text} 周六到店送小样`;
    expect((await post(`/api/tasks/${first.id}/done`, headers, { via: 'chat', text: sent })).status).toBe(200);
    expect((await post(`/api/tasks/${first.id}/done`, headers, { via: 'chat' })).status).toBe(409);
    expect((await q<{ sent_text: string }>('SELECT sent_text FROM task WHERE id = ?', [first.id]))[0]!.sent_text).toBe(sent);
    const logged = await q<{ payload: string; staff_id: number }>(
      "SELECT payload, staff_id FROM interaction WHERE customer_id = ? AND type = 'script_sent' AND dedupe_key = ?",
      [guide.customerId, `task:${first.id}`],
    );
    expect(logged).toHaveLength(1);
    expect(Number(logged[0]!.staff_id)).toBe(guide.staffId);
    expect(JSON.parse(String(logged[0]!.payload))).toEqual({ scriptTitle: first.rule.name, scriptType: 'text', text: sent, edited: true });
    const timeline = await (await s.app.request(`/api/customers/${guide.customerId}/timeline?types=script_sent`, { headers })).json();
    expect(JSON.stringify(timeline)).toContain('周六到店送小样');
    const next = all.find((t) => t.id !== first.id && t.customer !== null)!;
    expect((await post(`/api/tasks/${next.id}/dismiss`, headers, { reason: '随便' })).status).toBe(400);
    expect((await post(`/api/tasks/${next.id}/dismiss`, headers, { reason: '已电话联系' })).status).toBe(200);
    const after = todayTasksResponseSchema.parse(await (await s.app.request('/api/tasks/today', { headers })).json());
    expect([...after.overdue, ...after.today].map((t) => t.id)).not.toContain(first.id);

    const report = async (from: string, to: string) =>
      taskReportSchema.parse(await (await s.app.request(`/api/tasks/report?from=${from}&to=${to}`, { headers: manager })).json());
    const year = new Date().getUTCFullYear();
    const h1 = await report(`${year}-01-01`, `${year}-06-28`);
    expect(h1.byRule.find((r) => r.rule.name === '一年六次')).toMatchObject({ total: 3, done: 3, open: 0 });
    expect(h1.byGuide.find((g) => g.staff.id === guide.staffId)).toMatchObject({ done: 3 });
    const autumn = await report('2026-10-01', '2026-12-31');
    expect(autumn.byGuide.find((g) => g.staff.id === guide.staffId)).toMatchObject({ done: 1, dismissed: 1 });
  });

  it('managers define a rule; the hourly job creates its tasks with the injected clock', async () => {
    const res = await post('/api/sop-rules', manager, {
      name: '沉默 60 天',
      trigger: 'silent',
      days: '60',
      content: '{客户称呼}，好久不见',
      dueHour: 10,
    });
    expect(res.status).toBe(201);
    const rule = sopRuleSchema.parse(await res.json());
    await q('UPDATE sop_rule SET enabled = 0 WHERE id <> ?', [rule.id]);
    await q('UPDATE customer SET last_interaction_at = ? WHERE id = ?', [dbTime(at('2026-09-01T10:00:00')), guide.customerId]);
    await registerJobs(s.app.deps, () => at('2026-10-31T11:00:00'));
    const runner = jobRunnerFor(s.app.deps);
    await runner.enqueue(SOP_GENERATE_JOB, {});
    await runner.whenIdle(SOP_GENERATE_JOB, 20_000);
    expect(await tasksOf(rule.id)).toHaveLength(1);
    expect((await post('/api/sop-rules', manager, { name: 'x', trigger: 'silent', days: '', content: 'x', dueHour: 10 })).status).toBe(400);
  });
});
