import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followUpResponseSchema, followUpsResponseSchema } from '@shared/api/follow-ups.ts';
import { homeResponseSchema } from '@shared/api/home.ts';
import { shanghaiDay, shanghaiDayStart } from '@shared/time.ts';
import { sessionHeaders } from '../../../../tests/support/auth.ts';
import { startTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { seedSidebarFixture } from '../../../../tests/support/customer-fixtures.ts';

describe('follow-ups and the home page reminders', () => {
  let app: TestApp;
  let g1: Record<string, string>;
  let g2: Record<string, string>;
  const send = (method: string, path: string, headers: Record<string, string>, body: unknown) =>
    app.request(path, { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    app = await startTestApp();
    await seedSidebarFixture(app.deps.ds);
    g1 = await sessionHeaders(app, 'g1');
    g2 = await sessionHeaders(app, 'g2');
  });
  afterAll(async () => app.stop());

  it('records a follow-up with a reminder and a note interaction; lists newest first', async () => {
    const overdueAt = new Date(Date.now() - 3600_000).toISOString();
    const a = await send('POST', '/api/customers/1/follow-ups', g1, { content: '电话回访，想要保湿套装', remindAt: overdueAt });
    expect(a.status).toBe(201);
    const first = followUpResponseSchema.parse(await a.json()).followUp;
    expect(first).toMatchObject({
      customerId: 1,
      content: '电话回访，想要保湿套装',
      mine: true,
      overdue: true,
      doneAt: null,
      staff: { name: '王导购' },
    });
    const laterToday = new Date(Math.min(shanghaiDayStart(shanghaiDay(new Date())).getTime() + 86_400_000 - 60_000, Date.now() + 60_000));
    await send('POST', '/api/customers/1/follow-ups', g1, { content: '今天再联系', remindAt: laterToday.toISOString() });
    await send('POST', '/api/customers/1/follow-ups', g1, {
      content: '下周到店',
      remindAt: new Date(Date.now() + 8 * 86_400_000).toISOString(),
    });
    await send('POST', '/api/customers/1/follow-ups', g2, { content: '李导购的记录' });
    const list = followUpsResponseSchema.parse(await (await app.request('/api/customers/1/follow-ups', { headers: g1 })).json());
    expect(list.items.map((f) => [f.content, f.mine])).toEqual([
      ['李导购的记录', false],
      ['下周到店', true],
      ['今天再联系', true],
      ['电话回访，想要保湿套装', true],
    ]);
    const notes: Array<{ n: number }> = await app.deps.ds.query(
      "SELECT COUNT(*) AS n FROM interaction WHERE type = 'note' AND customer_id = 1",
    );
    expect(Number(notes[0]!.n)).toBe(4);
    expect((await send('POST', '/api/customers/1/follow-ups', g1, { content: '  ' })).status).toBe(400);
    expect((await send('POST', '/api/customers/2/follow-ups', g1, { content: 'x' })).status).toBe(403);
  });

  it('shows reminders due today and overdue (not later ones) with counts on the home page', async () => {
    const home = homeResponseSchema.parse(await (await app.request('/api/home', { headers: g1 })).json());
    expect(home.reminders.map((r) => [r.followUp.content, r.followUp.overdue, r.customer.name, r.customer.remark])).toEqual([
      ['电话回访，想要保湿套装', true, '张三', '张姐'],
      ['今天再联系', expect.any(Boolean), '张三', '张姐'],
    ]);
    expect(home.counts).toMatchObject({ myCustomers: 1, remindersDue: 2, overdue: 1 });
    expect(home.today).toBe(shanghaiDay(new Date()));
    const g2home = homeResponseSchema.parse(await (await app.request('/api/home', { headers: g2 })).json());
    expect(g2home.counts).toMatchObject({ myCustomers: 2, newToday: 1, remindersDue: 0 });
  });

  it('lets only the owner mark a follow-up done, once, with a follow_up_done interaction', async () => {
    const list = followUpsResponseSchema.parse(await (await app.request('/api/customers/1/follow-ups', { headers: g1 })).json());
    const mine = list.items.find((f) => f.content === '电话回访，想要保湿套装')!;
    const byOther = await send('PATCH', `/api/follow-ups/${mine.id}`, g2, { done: true });
    expect(byOther.status).toBe(403);
    expect(((await byOther.json()) as { error: { id: string } }).error.id).toBe('forbidden_follow_up');
    const done = await send('PATCH', `/api/follow-ups/${mine.id}`, g1, { done: true });
    expect(done.status).toBe(200);
    expect(followUpResponseSchema.parse(await done.json()).followUp).toMatchObject({ overdue: false, doneAt: expect.any(String) });
    await send('PATCH', `/api/follow-ups/${mine.id}`, g1, { done: true });
    const rows: Array<{ n: number }> = await app.deps.ds.query("SELECT COUNT(*) AS n FROM interaction WHERE type = 'follow_up_done'");
    expect(Number(rows[0]!.n)).toBe(1);
    const home = homeResponseSchema.parse(await (await app.request('/api/home', { headers: g1 })).json());
    expect(home.counts).toMatchObject({ remindersDue: 1, overdue: 0 });
    expect((await send('PATCH', '/api/follow-ups/9999', g1, { done: true })).status).toBe(404);
    expect((await send('PATCH', `/api/follow-ups/${mine.id}`, g1, { done: false })).status).toBe(400);
  });

  it('rejects an impossible reminder time (400) and a year outside 2000–2100 (422) without writing', async () => {
    const before = followUpsResponseSchema.parse(await (await app.request('/api/customers/1/follow-ups', { headers: g1 })).json()).items
      .length;
    const feb31 = await send('POST', '/api/customers/1/follow-ups', g1, { content: '提醒', remindAt: '2026-02-31T10:00:00+08:00' });
    expect(feb31.status).toBe(400);
    expect(JSON.stringify(await feb31.json())).toContain('不是真实存在的日期或时间');
    const far = await send('POST', '/api/customers/1/follow-ups', g1, { content: '提醒', remindAt: '9999-12-31T23:59:59-10:00' });
    expect(far.status).toBe(422);
    expect(((await far.json()) as { error: { id: string } }).error.id).toBe('value_out_of_range');
    const after = followUpsResponseSchema.parse(await (await app.request('/api/customers/1/follow-ups', { headers: g1 })).json()).items
      .length;
    expect(after).toBe(before);
  });
});
