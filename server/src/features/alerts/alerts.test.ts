import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertSettingsSchema, alertsResponseSchema } from '@shared/api/alerts.ts';
import { dbTime, fromDbTime } from '@server/db/sql.ts';
import { jobRunnerFor } from '@server/jobs/index.ts';
import { sessionHeaders } from '../../../../tests/support/auth.ts';
import { startSimApp, type SimApp } from '../../../../tests/support/sim-app.ts';
import { ALERTS_SCAN_JOB, registerJobs } from './alerts.jobs.ts';
import { scanAlerts, sendDigests } from './scan.ts';

/** Asia/Shanghai wall time → instant (UTC+8). */
const at = (local: string) => new Date(`${local}+08:00`);

interface Card {
  msgtype: string;
  sentAt: number;
  content: { title: string; description: string; url: string };
}

/**
 * Alerts pushed to members as WeCom application messages, with an injected clock: each kind
 * once, held back in quiet hours and by the hourly limit, dropped when no longer relevant, and
 * the managers' morning digest — asserted on what the simulator's members received.
 */
describe('pushed alerts', () => {
  let s: SimApp;
  let guides: Array<{ userid: string; staffId: number; customers: number[] }>;
  let admin: { userid: string; staffId: number };
  const q = <T>(sql: string, params: unknown[] = []) => s.app.deps.ds.query(sql, params) as Promise<T[]>;
  const inbox = async (userid: string): Promise<Card[]> => {
    const res = await fetch(`${s.sim.url}/sim/admin/app-messages?userid=${encodeURIComponent(userid)}`);
    return ((await res.json()) as { messages: Card[] }).messages;
  };
  const remind = async (staffId: number, customerId: number, content: string, when: Date) =>
    q('INSERT INTO follow_up (customer_id, staff_id, content, remind_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)', [
      customerId,
      staffId,
      content,
      dbTime(when),
      dbTime(when),
      dbTime(when),
    ]);
  let seq = 1;
  const message = async (g: { staffId: number }, customerId: number, direction: 'in' | 'out', text: string, when: Date) => {
    const msgid = `alert-test-${seq++}`;
    await q(
      `INSERT INTO archive_message (seq, msgid, action, msgtype, sender, tolist, msgtime, staff_id, customer_id, direction, text, content, revoked, created_at)
       VALUES (?, ?, 'send', 'text', 'x', '[]', ?, ?, ?, ?, ?, '{}', 0, ?)`,
      [seq, msgid, dbTime(when), g.staffId, customerId, direction, text, dbTime(when)],
    );
    return msgid;
  };

  beforeAll(async () => {
    s = await startSimApp({ PUBLIC_URL: 'https://app.example', ALERT_UNANSWERED_MINUTES: '30', ALERT_MAX_PER_HOUR: '3' });
    const rows = await q<{ userid: string; staff_id: number; customer_id: number }>(
      `SELECT s.userid, s.id AS staff_id, f.customer_id FROM customer_follow f JOIN staff s ON s.id = f.staff_id
        WHERE f.lost_at IS NULL AND s.role = 'guide' AND s.status = 1
          AND NOT EXISTS (SELECT 1 FROM staff_department d WHERE d.staff_id = s.id AND d.is_leader = 1) ORDER BY s.id, f.customer_id`,
    );
    const by = new Map<number, { userid: string; staffId: number; customers: number[] }>();
    for (const r of rows) {
      const g = by.get(Number(r.staff_id)) ?? { userid: r.userid, staffId: Number(r.staff_id), customers: [] };
      g.customers.push(Number(r.customer_id));
      by.set(g.staffId, g);
    }
    guides = [...by.values()].filter((g) => g.customers.length >= 5).slice(0, 3);
    const a = (await q<{ userid: string; id: number }>("SELECT userid, id FROM staff WHERE role = 'admin' LIMIT 1"))[0]!;
    admin = { userid: a.userid, staffId: Number(a.id) };
    // Nothing of the seeded corp falls in the scanned windows: only what each test writes raises an alert.
    await q('UPDATE customer_follow SET lost_at = ? WHERE lost_at IS NOT NULL', [dbTime(at('2020-01-01T00:00:00'))]);
  }, 120_000);
  afterAll(async () => s?.stop());

  it('each kind of event reaches its guide once, as a textcard opening the sidebar at the customer', async () => {
    const g = guides[0]!;
    const [c1, c2, c3, c4, c5] = g.customers as [number, number, number, number, number];
    const now = at('2026-11-10T10:00:00');
    await remind(g.staffId, c1, '回访新品试用 <b>效果</b>', at('2026-11-10T09:58:00'));
    await remind(g.staffId, c1, '下个月再说', at('2026-12-30T10:30:00'));

    await message(g, c2, 'in', '这件外套还有 M 码吗', at('2026-11-08T12:00:00'));
    await message(g, c2, 'out', '有的，给您留一件', at('2026-11-08T12:05:00'));
    await q("UPDATE customer_follow SET lost_at = ?, lost_reason = 'customer_deleted_staff' WHERE staff_id = ? AND customer_id = ?", [
      dbTime(at('2026-11-10T08:00:00')),
      g.staffId,
      c2,
    ]);

    const opened = await message(g, c3, 'in', '在吗？想问下退货', at('2026-11-10T09:20:00'));
    await q('INSERT INTO reply_turn (staff_id, customer_id, opened_msgid, opened_at, day, message_count) VALUES (?, ?, ?, ?, ?, 2)', [
      g.staffId,
      c3,
      opened,
      dbTime(at('2026-11-10T09:20:00')),
      '2026-11-10',
    ]);
    const fresh = await message(g, c4, 'in', '刚发的', at('2026-11-10T09:45:00'));
    await q('INSERT INTO reply_turn (staff_id, customer_id, opened_msgid, opened_at, day, message_count) VALUES (?, ?, ?, ?, ?, 1)', [
      g.staffId,
      c4,
      fresh,
      dbTime(at('2026-11-10T09:45:00')),
      '2026-11-10',
    ]);

    const rule = async (trigger: string) =>
      Number((await q<{ id: number }>('SELECT id FROM sop_rule WHERE trigger_kind = ?', [trigger]))[0]!.id);
    for (const [trigger, customer] of [
      ['first_order', c4],
      ['six_touch', c5],
    ] as const) {
      await q("INSERT INTO task (rule_id, staff_id, customer_id, dedupe_key, due_at, status) VALUES (?, ?, ?, ?, ?, 'open')", [
        await rule(trigger),
        g.staffId,
        customer,
        `alert-test-${trigger}`,
        dbTime(at('2026-11-10T09:00:00')),
      ]);
    }
    // Five events are due, the limit is three an hour: the rest follow an hour later.
    const first = await scanAlerts(s.app.deps, now);
    expect(first).toMatchObject({ created: 5, sent: 3, deferred: 2 });
    // Answered before its threshold: never an alert.
    await q('UPDATE reply_turn SET replied_at = ? WHERE opened_msgid = ?', [dbTime(at('2026-11-10T10:05:00')), fresh]);
    const later = await scanAlerts(s.app.deps, new Date(now.getTime() + 61 * 60_000));
    expect(later).toMatchObject({ created: 0, sent: 2 });
    expect(await scanAlerts(s.app.deps, new Date(now.getTime() + 62 * 60_000))).toMatchObject({ created: 0, sent: 0 });

    const cards = await inbox(g.userid);
    expect(cards.map((c) => c.msgtype)).toEqual(['textcard', 'textcard', 'textcard', 'textcard', 'textcard']);
    const byTitle = (part: string) => cards.filter((c) => c.content.title.includes(part));
    const reminder = byTitle('跟进提醒');
    expect(reminder).toHaveLength(1);
    expect(reminder[0]!.content.url).toBe(`https://app.example/customers/${c1}`);
    // The guide's note is text inside the card's markup, escaped.
    expect(reminder[0]!.content.description).toContain('回访新品试用 &lt;b&gt;效果&lt;/b&gt;');
    const lost = byTitle('删除了你');
    expect(lost).toHaveLength(1);
    expect(lost[0]!.content.description).toContain('客户：这件外套还有 M 码吗');
    expect(lost[0]!.content.description).toContain('我：有的，给您留一件');
    const waiting = byTitle('等你回复');
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.content.title).toContain('40 分钟');
    expect(waiting[0]!.content.description).toContain('在吗？想问下退货');
    expect(waiting[0]!.content.url).toBe(`https://app.example/customers/${c3}`);
    expect(byTitle('关键时刻')).toHaveLength(1);
    expect(byTitle('关键时刻')[0]!.content.description).toContain('首单回访（首单后第 3 天）');
    expect(byTitle('今日任务')).toHaveLength(1);

    const mine = alertsResponseSchema.parse(
      await (await s.app.request('/api/me/alerts', { headers: await sessionHeaders(s.app, g.userid) })).json(),
    );
    expect(mine.items.map((a) => a.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
    expect(new Set(mine.items.map((a) => a.kind))).toEqual(new Set(['reminder', 'lost', 'unanswered', 'key_moment', 'task_due']));
  });

  it('holds alerts back in the guide’s quiet hours and delivers them after; drops those no longer open', async () => {
    const g = guides[1]!;
    const headers = await sessionHeaders(s.app, g.userid);
    const put = await s.app.request('/api/me/alert-settings', {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ quietStart: '22:00', quietEnd: '07:30', muted: false }),
    });
    expect(put.status).toBe(200);
    expect(alertSettingsSchema.parse(await put.json())).toEqual({ quietStart: '22:00', quietEnd: '07:30', muted: false });
    const bad = await s.app.request('/api/me/alert-settings', {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ quietStart: '25:00', quietEnd: '07:30', muted: false }),
    });
    expect(bad.status).toBe(400);

    const [c1, c2] = g.customers as [number, number];
    await remind(g.staffId, c1, '夜里的提醒', at('2026-11-11T22:30:00'));
    await remind(g.staffId, c2, '夜里做完的提醒', at('2026-11-11T22:31:00'));
    expect(await scanAlerts(s.app.deps, at('2026-11-11T22:40:00'))).toMatchObject({ created: 2, sent: 0, deferred: 2 });
    const waiting = await q<{ send_after: unknown }>("SELECT send_after FROM alert WHERE staff_id = ? AND status = 'pending'", [g.staffId]);
    expect(waiting.map((r) => fromDbTime(r.send_after)?.toISOString())).toEqual([
      at('2026-11-12T07:30:00').toISOString(),
      at('2026-11-12T07:30:00').toISOString(),
    ]);
    expect(await scanAlerts(s.app.deps, at('2026-11-12T07:00:00'))).toMatchObject({ sent: 0 });
    expect(await inbox(g.userid)).toEqual([]);
    // Done overnight: nothing to remind of in the morning.
    await q("UPDATE follow_up SET done_at = ? WHERE content = '夜里做完的提醒'", [dbTime(at('2026-11-11T23:00:00'))]);
    expect(await scanAlerts(s.app.deps, at('2026-11-12T07:30:00'))).toMatchObject({ sent: 1, skipped: 1 });
    expect((await inbox(g.userid)).map((c) => c.content.title)).toEqual([expect.stringContaining('跟进提醒')]);
  });

  it('mutes a guide who asked for no alerts', async () => {
    const g = guides[2]!;
    const headers = { ...(await sessionHeaders(s.app, g.userid)), 'content-type': 'application/json' };
    await s.app.request('/api/me/alert-settings', {
      method: 'PUT',
      headers,
      body: JSON.stringify({ quietStart: '22:00', quietEnd: '08:00', muted: true }),
    });
    await remind(g.staffId, g.customers[0]!, '静音时的提醒', at('2026-11-13T10:00:00'));
    expect(await scanAlerts(s.app.deps, at('2026-11-13T10:01:00'))).toMatchObject({ created: 1, sent: 0, skipped: 1 });
    expect(await inbox(g.userid)).toEqual([]);
    await s.app.request('/api/me/alert-settings', {
      method: 'PUT',
      headers,
      body: JSON.stringify({ quietStart: '22:00', quietEnd: '08:00', muted: false }),
    });
  });

  it('delivers each alert once when two instances scan at the same moment', async () => {
    const g = guides[2]!;
    const before = (await inbox(g.userid)).length;
    await remind(g.staffId, g.customers[3]!, '并发一', at('2026-11-13T15:00:00'));
    await remind(g.staffId, g.customers[4]!, '并发二', at('2026-11-13T15:00:00'));
    const both = await Promise.all([scanAlerts(s.app.deps, at('2026-11-13T15:01:00')), scanAlerts(s.app.deps, at('2026-11-13T15:01:00'))]);
    expect(both[0].sent + both[1].sent).toBe(2);
    const cards = (await inbox(g.userid)).slice(before);
    expect(cards.map((c) => c.content.description).sort()).toEqual(
      [expect.stringContaining('并发一'), expect.stringContaining('并发二')].sort(),
    );
    expect(cards).toHaveLength(2);
  });

  it('sends each manager one morning digest of their scope, through the scheduled job', async () => {
    const g = guides[2]!;
    await remind(g.staffId, g.customers[1]!, '逾期的提醒', at('2026-11-12T15:00:00'));
    const digestAt = at('2026-11-14T09:00:00');
    const result = await sendDigests(s.app.deps, digestAt);
    expect(result.created).toBeGreaterThan(0);
    const cards = (await inbox(admin.userid)).filter((c) => c.content.title.includes('每日早报'));
    expect(cards).toHaveLength(1);
    expect(cards[0]!.content.title).toBe('每日早报 · 11月14日');
    expect(cards[0]!.content.description).toContain('全公司');
    expect(cards[0]!.content.description).toMatch(/逾期跟进提醒 \d+ 条/);
    expect(cards[0]!.content.url).toBe('https://app.example/reports');
    expect(await sendDigests(s.app.deps, at('2026-11-14T09:05:00'))).toMatchObject({ created: 0 });
    // Guides get no digest.
    expect((await inbox(g.userid)).some((c) => c.content.title.includes('每日早报'))).toBe(false);

    // The minute job runs the same scan with the injected clock.
    await remind(g.staffId, g.customers[2]!, '任务里的提醒', at('2026-11-14T09:59:00'));
    await registerJobs(s.app.deps, () => at('2026-11-14T10:00:00'));
    const runner = jobRunnerFor(s.app.deps);
    await runner.enqueue(ALERTS_SCAN_JOB, {});
    await runner.whenIdle(ALERTS_SCAN_JOB, 20_000);
    expect((await inbox(g.userid)).filter((c) => c.content.description.includes('任务里的提醒'))).toHaveLength(1);
  });
});
