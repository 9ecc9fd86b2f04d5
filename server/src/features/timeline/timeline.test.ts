import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timelineResponseSchema } from '@shared/api/timeline.ts';
import { sessionHeaders } from '../../../../tests/support/auth.ts';
import { startTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { dbTime } from '@server/db/sql.ts';
import { FIXTURE_NOW, seedInteractions, seedSidebarFixture, type SidebarFixture } from '../../../../tests/support/customer-fixtures.ts';

describe('customer timeline', () => {
  let app: TestApp;
  let fx: SidebarFixture;
  let headers: Record<string, string>;
  const page = async (query: string) => {
    const res = await app.request(`/api/customers/1/timeline${query}`, { headers });
    expect(res.status).toBe(200);
    return timelineResponseSchema.parse(await res.json());
  };

  beforeAll(async () => {
    app = await startTestApp();
    fx = await seedSidebarFixture(app.deps.ds);
    headers = await sessionHeaders(app, 'g1');
    await seedInteractions(app.deps.ds, 1, fx.staff.g1, 7);
    // Two events at the very same instant: the id breaks the tie, nothing is skipped or repeated.
    const at = dbTime(new Date(FIXTURE_NOW.getTime() - 3 * 60_000));
    await app.deps.ds.query(
      `INSERT INTO interaction (customer_id, staff_id, group_id, type, occurred_at, day, source, dedupe_key, payload, created_at) VALUES
       (1, ?, NULL, 'tag_added', ?, '2026-01-01', 'sync', 'x1', '{"tagId":"tag_vip"}', ?),
       (1, NULL, NULL, 'order_paid', ?, '2026-01-01', 'orders', 'x2', '{"order_no":"A100","paid_amount":12900}', ?),
       (1, ?, 1, 'group_join', ?, '2026-01-01', 'sync', 'x3', '{"chatId":"wr_fans"}', ?),
       (2, ?, NULL, 'note', ?, '2026-01-01', 'sidebar', 'x4', '{"content":"别人的客户"}', ?)`,
      [fx.staff.g1, at, at, at, at, fx.staff.g1, at, at, fx.staff.g2, at, at],
    );
  });
  afterAll(async () => app.stop());

  it('pages newest first with a keyset cursor, without gaps or repeats across equal timestamps', async () => {
    const seen: number[] = [];
    const times: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const p = await page(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...p.items.map((i) => i.id));
      times.push(...p.items.map((i) => i.occurredAt));
      cursor = p.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('filters by type and presents each type with a Chinese summary and display fields', async () => {
    const p = await page('?types=tag_added,order_paid,group_join');
    const byType = Object.fromEntries(p.items.map((i) => [i.type, i]));
    expect(byType.tag_added).toMatchObject({
      typeLabel: '打标签',
      summary: '王导购 添加标签：VIP',
      detail: { tagNames: ['VIP'] },
      staff: { name: '王导购' },
    });
    expect(byType.order_paid).toMatchObject({
      summary: '下单 ¥129.00（订单 A100）',
      detail: { amount: 12900, orderNo: 'A100' },
      staff: null,
    });
    expect(byType.group_join).toMatchObject({ summary: '加入客户群「张姐粉丝群」', detail: { groupName: '张姐粉丝群', groupId: 1 } });
    const messages = await page('?types=message_in&limit=1');
    expect(messages.items[0]).toMatchObject({ type: 'message_in', summary: '客户：消息0', detail: { text: '消息0', msgtype: 'text' } });
    expect((await app.request('/api/customers/1/timeline?types=bogus', { headers })).status).toBe(400);
  });

  it("leaves out a colleague's chat messages (the /chat rule) and audits every read of chat text", async () => {
    const at = dbTime(new Date(FIXTURE_NOW.getTime() - 30_000));
    await app.deps.ds.query(
      `INSERT INTO interaction (customer_id, staff_id, group_id, type, occurred_at, day, source, dedupe_key, payload, created_at) VALUES
       (1, ?, NULL, 'message_in', ?, '2026-01-01', 'archive', 'g2m1', '{"msgtype":"text","text":"李导购私聊内容"}', ?),
       (1, ?, NULL, 'message_out', ?, '2026-01-01', 'archive', 'g2m2', '{"msgtype":"text","text":"李导购回复"}', ?)`,
      [fx.staff.g2, at, at, fx.staff.g2, at, at],
    );
    const audits = async (userid: string) =>
      (
        (await app.deps.ds.query(
          `SELECT detail FROM audit_log WHERE action = 'archive.chat.read' AND actor_userid = ? AND target_id = '1'`,
          [userid],
        )) as unknown[]
      ).length;
    const texts = async (userid: string, query: string) => {
      const res = await app.request(`/api/customers/1/timeline${query}`, { headers: await sessionHeaders(app, userid) });
      expect(res.status).toBe(200);
      return timelineResponseSchema.parse(await res.json()).items.map((i) => `${i.staff?.name ?? ''}:${JSON.stringify(i.detail)}`);
    };
    const before = await audits('g1');
    const mine = await texts('g1', '?types=message_in,message_out&limit=50');
    expect(mine).toHaveLength(7);
    expect(mine.join()).not.toContain('李导购');
    expect((await texts('g1', '?limit=50')).join()).not.toContain('李导购私聊内容');
    expect(await audits('g1')).toBe(before + 2);
    // The colleague sees their own conversation only; the store manager sees both.
    const theirs = await texts('g2', '?types=message_in,message_out&limit=50');
    expect(theirs).toHaveLength(2);
    expect(theirs.join()).toContain('李导购私聊内容');
    expect(await texts('mgr', '?types=message_in,message_out&limit=50')).toHaveLength(9);
    expect(await audits('mgr')).toBe(1);
    // A page without chat text is not a chat read.
    await texts('g1', '?types=tag_added');
    expect(await audits('g1')).toBe(before + 2);
  });

  it('shows what the customer said in a group chat only to those who may see that group, and audits reading it', async () => {
    const at = dbTime(new Date(FIXTURE_NOW.getTime() - 20_000));
    // 张三 speaks in 张姐粉丝群 (owned by 王导购) and in 北京群 (孙导购's, another store).
    await app.deps.ds.query(
      `INSERT INTO interaction (customer_id, staff_id, group_id, type, occurred_at, day, source, dedupe_key, payload, created_at) VALUES
       (1, NULL, 1, 'group_message', ?, '2026-01-01', 'archive', 'gm1', '{"msgtype":"text","text":"粉丝群里的话","roomid":"wr_fans","from":"wm_zhangsan"}', ?),
       (1, NULL, 2, 'group_message', ?, '2026-01-01', 'archive', 'gm2', '{"msgtype":"text","text":"北京群里的话","roomid":"wr_bj","from":"wm_zhangsan"}', ?)`,
      [at, at, at, at],
    );
    const audits = async (userid: string) =>
      (
        (await app.deps.ds.query(
          `SELECT detail FROM audit_log WHERE action = 'archive.chat.read' AND actor_userid = ? AND target_id = '1'`,
          [userid],
        )) as Array<{ detail: unknown }>
      ).map((r) => (typeof r.detail === 'string' ? (JSON.parse(r.detail) as Record<string, unknown>) : r.detail));
    const groupTexts = async (userid: string) => {
      const res = await app.request('/api/customers/1/timeline?types=group_message&limit=50', {
        headers: await sessionHeaders(app, userid),
      });
      expect(res.status).toBe(200);
      return timelineResponseSchema.parse(await res.json()).items.map((i) => i.detail.text);
    };
    const before = (await audits('g1')).length;
    // 王导购 owns the fans group, not the Beijing one; 李导购 follows 张三 but left the fans group.
    expect(await groupTexts('g1')).toEqual(['粉丝群里的话']);
    expect(await groupTexts('g2')).toEqual([]);
    // The store manager sees the groups of their store's guides, not another store's.
    expect(await groupTexts('mgr')).toEqual(['粉丝群里的话']);
    const g1 = await audits('g1');
    expect(g1).toHaveLength(before + 1);
    expect(g1[g1.length - 1]).toMatchObject({ via: 'timeline', groupIds: [1], count: 1 });
  });

  it('403 for a customer the guide does not follow, 404 for an unknown one', async () => {
    expect((await app.request('/api/customers/2/timeline', { headers })).status).toBe(403);
    expect((await app.request('/api/customers/404/timeline', { headers })).status).toBe(404);
  });
});
