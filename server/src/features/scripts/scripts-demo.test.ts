import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerProfileResponseSchema } from '@shared/api/customers.ts';
import { scriptsResponseSchema } from '@shared/api/scripts.ts';
import { timelineResponseSchema } from '@shared/api/timeline.ts';
import { sessionHeaders } from '../../../../tests/support/auth.ts';
import { startTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { seedDemo } from '@server/demo/seed/seed.ts';
import { demoOptions } from '@server/demo/options.ts';

describe('the sidebar API over the seeded demo corp', () => {
  let app: TestApp;
  let guide: { userid: string; customerId: number };
  let headers: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp();
    await seedDemo(app.deps.ds, demoOptions({ customers: 30, guides: 3, groups: 2, ordersPerCustomer: 2 }));
    const rows: Array<{ userid: string; customer_id: number }> = await app.deps.ds.query(
      `SELECT s.userid, f.customer_id FROM customer_follow f JOIN staff s ON s.id = f.staff_id
        WHERE f.lost_at IS NULL AND s.status = 1 ORDER BY (SELECT COUNT(*) FROM interaction i WHERE i.customer_id = f.customer_id) DESC, f.id LIMIT 1`,
    );
    guide = { userid: rows[0]!.userid, customerId: Number(rows[0]!.customer_id) };
    headers = await sessionHeaders(app, guide.userid);
  });
  afterAll(async () => app.stop());

  it('serves the profile, the timeline (every demo payload summarised) and the rendered script library', async () => {
    const profile = customerProfileResponseSchema.parse(
      await (await app.request(`/api/customers/${guide.customerId}`, { headers })).json(),
    );
    expect(profile.myFollow).not.toBeNull();
    const timeline = timelineResponseSchema.parse(
      await (await app.request(`/api/customers/${guide.customerId}/timeline?limit=100`, { headers })).json(),
    );
    expect(timeline.items.length).toBeGreaterThan(0);
    for (const item of timeline.items) expect(item.summary).not.toMatch(/undefined|null|NaN/);
    const scripts = scriptsResponseSchema.parse(
      await (await app.request(`/api/scripts?customerId=${guide.customerId}&limit=100`, { headers })).json(),
    );
    expect(scripts.items.length).toBeGreaterThan(10);
    const texts = scripts.items.filter((s) => s.rendered.type === 'text').map((s) => s.preview);
    for (const t of texts) expect(t).not.toMatch(/\{(客户称呼|客户昵称|导购姓名|今天)\}/);
    expect(scripts.items.some((s) => s.forGroup)).toBe(false);
  });

  it('never sends a remark: every demo script, rendered for every followed customer with notes in the remark, addresses them by the 称呼 or WeChat name', async () => {
    const follows: Array<{ userid: string; customer_id: number; remark: string; salutation: string | null; name: string }> =
      await app.deps.ds.query(
        `SELECT s.userid, f.customer_id, f.remark, f.salutation, c.name FROM customer_follow f
         JOIN staff s ON s.id = f.staff_id JOIN customer c ON c.id = f.customer_id
        WHERE f.lost_at IS NULL AND s.status = 1 AND f.remark LIKE '% %' ORDER BY f.id LIMIT 3`,
      );
    expect(follows.length).toBeGreaterThan(0);
    for (const f of follows) {
      const h = await sessionHeaders(app, f.userid);
      const list = scriptsResponseSchema.parse(
        await (await app.request(`/api/scripts?customerId=${f.customer_id}&limit=100`, { headers: h })).json(),
      );
      for (const s of list.items) {
        const sent = JSON.stringify(s.rendered);
        expect(sent).not.toContain(f.remark);
        if (s.content && 'text' in s.content && s.content.text.startsWith('{客户称呼}') && s.rendered.type === 'text')
          expect(s.rendered.content.text.startsWith(f.salutation ?? f.name)).toBe(true);
      }
    }
  });
});
