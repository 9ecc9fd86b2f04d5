import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeResponseSchema } from '@shared/api/home.ts';
import { sessionHeaders } from '../../../../tests/support/auth.ts';
import { startTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { dbTime } from '@server/db/sql.ts';
import { seedSidebarFixture, type SidebarFixture } from '../../../../tests/support/customer-fixtures.ts';

describe('GET /api/home', () => {
  let app: TestApp;
  let fx: SidebarFixture;
  beforeAll(async () => {
    app = await startTestApp();
    fx = await seedSidebarFixture(app.deps.ds);
    const ago = (h: number) => dbTime(new Date(Date.now() - h * 3600_000));
    await app.deps.ds.query(
      `INSERT INTO follow_up (customer_id, staff_id, content, remind_at, done_at, created_at, updated_at) VALUES
       (1, ?, '两天前就该回访', ?, NULL, ?, ?), (1, ?, '已完成的', ?, ?, ?, ?), (1, ?, '李导购的提醒', ?, NULL, ?, ?), (1, ?, '没有提醒', NULL, NULL, ?, ?)`,
      [
        fx.staff.g1,
        ago(48),
        ago(72),
        ago(72),
        fx.staff.g1,
        ago(5),
        ago(4),
        ago(6),
        ago(6),
        fx.staff.g2,
        ago(1),
        ago(2),
        ago(2),
        fx.staff.g1,
        ago(1),
        ago(1),
      ],
    );
  });
  afterAll(async () => app.stop());

  it("shows only the actor's open reminders that are due, overdue first, and the actor's counts", async () => {
    const res = await app.request('/api/home', { headers: await sessionHeaders(app, 'g1') });
    expect(res.status).toBe(200);
    const home = homeResponseSchema.parse(await res.json());
    expect(home.reminders.map((r) => [r.followUp.content, r.followUp.overdue, r.customer.remark])).toEqual([
      ['两天前就该回访', true, '张姐'],
    ]);
    expect(home.counts).toEqual({ myCustomers: 1, newToday: 0, remindersDue: 1, overdue: 1 });
    expect((await app.request('/api/home')).status).toBe(401);
  });
});
