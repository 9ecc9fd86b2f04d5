import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerProfileResponseSchema, myCustomersResponseSchema } from '@shared/api/customers.ts';
import { sessionHeaders } from '../../../../tests/support/auth.ts';
import { startTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { seedSidebarFixture } from '../../../../tests/support/customer-fixtures.ts';
import { dbTime } from '@server/db/sql.ts';

describe('customer profile API', () => {
  let app: TestApp;
  const get = async (path: string, userid: string) => app.request(path, { headers: await sessionHeaders(app, userid) });

  beforeAll(async () => {
    app = await startTestApp({ ADMIN_USERIDS: 'boss' });
    await seedSidebarFixture(app.deps.ds);
  });
  afterAll(async () => app.stop());

  it('resolves an external_userid to the customer id, 404 for an unknown one, 403 for a customer the guide does not follow', async () => {
    const ok = await get('/api/customers/by-external/wm_zhangsan', 'g1');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ id: 1 });
    const unknown = await get('/api/customers/by-external/wm_nobody', 'g1');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { id: string } }).error.id).toBe('customer_not_found');
    const other = await get('/api/customers/by-external/wm_lisi', 'g1');
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: { id: string } }).error.id).toBe('forbidden_customer');
  });

  it('returns the first screen in one response: header, my follow, followers, value block, tags by group, masked phones', async () => {
    // The last real contact (a message two days ago) is what "days since contact" counts, not a later tag change.
    const at = (days: number) => dbTime(new Date(Date.now() - days * 86_400_000));
    await app.deps.ds.query(
      `INSERT INTO interaction (customer_id, staff_id, type, occurred_at, day, source, payload) VALUES
       (1, NULL, 'message_in', ?, '2026-01-01', 'archive', '{}'), (1, NULL, 'tag_added', ?, '2026-01-01', 'sidebar', '{}')`,
      [at(2), at(0)],
    );
    const res = await get('/api/customers/1', 'g1');
    expect(res.status).toBe(200);
    const p = customerProfileResponseSchema.parse(await res.json());
    expect(p).toMatchObject({
      id: 1,
      externalUserid: 'wm_zhangsan',
      name: '张三',
      type: 'wechat',
      typeLabel: '微信',
      gender: 2,
      genderLabel: '女',
      myFollow: {
        remark: '张姐',
        description: '喜欢保湿类',
        addWay: 1,
        addWayLabel: '扫描二维码',
        state: 'store_qr',
        channelLabel: '渠道活码',
        salutation: null,
      },
      salutationSuggestions: ['张女士', '张姐', '张三'],
      phonesMasked: true,
      archiveConsent: null,
    });
    expect(p.followers.map((f) => [f.name, f.isMe])).toEqual([
      ['王导购', true],
      ['李导购', false],
    ]);
    expect(p.value).toMatchObject({
      rfmSegment: 'champion',
      rfmSegmentLabel: '重要价值客户',
      rfm: { r: 5, f: 4, m: 5 },
      lifecycleStage: 'loyal',
      lifecycleLabel: '忠诚',
      totalSpent: 123400,
      orderCount: 3,
      daysSinceLastContact: 2,
    });
    expect(p.phones).toEqual(['138****5678', '139****1111']);
    // every non-deleted group and tag, in WeCom order (larger order first)
    expect(p.tagGroups.map((g) => [g.name, g.tags.map((t) => t.name)])).toEqual([
      ['客户等级', ['VIP', '新客']],
      ['偏好', ['干皮', '油皮']],
    ]);
    const flags = Object.fromEntries(p.tagGroups.flatMap((g) => g.tags.map((t) => [t.id, [t.mine, t.byOthers]])));
    expect(flags).toEqual({ tag_vip: [true, false], tag_new: [false, false], tag_dry: [false, true], tag_oily: [false, false] });
  });

  it('lets the guide set the 称呼 messages use (never synced to WeCom), clear it, and only for a customer they follow', async () => {
    const put = async (userid: string, id: number, body: unknown) =>
      app.request(`/api/customers/${id}/salutation`, {
        method: 'PUT',
        headers: { ...(await sessionHeaders(app, userid)), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const res = await put('g1', 1, { salutation: ' 张女士 ' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ salutation: '张女士' });
    const p = customerProfileResponseSchema.parse(await (await get('/api/customers/1', 'g1')).json());
    expect(p.myFollow?.salutation).toBe('张女士');
    // Another guide's 称呼 is their own.
    expect(customerProfileResponseSchema.parse(await (await get('/api/customers/1', 'g2')).json()).myFollow?.salutation).toBeNull();
    expect(await (await put('g1', 1, { salutation: '' })).json()).toEqual({ salutation: null });
    expect((await put('g1', 1, { salutation: 'x'.repeat(33) })).status).toBe(400);
    expect((await put('g1', 2, { salutation: '李总' })).status).toBe(403);
  });

  it('shows another guide their own follow and flags, and shows phones in clear only to admins', async () => {
    const g2 = customerProfileResponseSchema.parse(await (await get('/api/customers/1', 'g2')).json());
    expect(g2.myFollow).toMatchObject({ remark: null, addWay: 3, addWayLabel: '名片分享' });
    expect(g2.phones).toEqual(['138****5678']);
    const dry = g2.tagGroups.flatMap((g) => g.tags).find((t) => t.id === 'tag_dry');
    expect(dry).toMatchObject({ mine: true, byOthers: false });
    const boss = customerProfileResponseSchema.parse(await (await get('/api/customers/1', 'boss')).json());
    expect(boss.myFollow).toBeNull();
    expect(boss.phonesMasked).toBe(false);
    expect(boss.phones).toEqual(['13812345678']);
  });

  it('403 forbidden_customer for a customer the guide does not follow (or no longer follows), 404 for an unknown id', async () => {
    for (const id of [2, 3]) {
      const res = await get(`/api/customers/${id}`, 'g1');
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { id: string; message: string } }).error).toMatchObject({ id: 'forbidden_customer' });
    }
    expect((await get('/api/customers/999', 'g1')).status).toBe(404);
    expect((await get('/api/customers/abc', 'g1')).status).toBe(400);
    expect((await app.request('/api/customers/1')).status).toBe(401);
  });

  it("shows the customer's 会话存档 consent for the actor's chat once the archive knows it", async () => {
    await app.deps.ds.query(
      "INSERT INTO archive_consent (external_userid, staff_userid, roomid, status, changed_at, source, updated_at) VALUES ('wm_zhangsan', 'g1', '', 'agree', '2026-11-01 08:00:00', 'api', '2026-11-01 08:00:00')",
    );
    const g1 = customerProfileResponseSchema.parse(await (await get('/api/customers/1', 'g1')).json());
    expect(g1.archiveConsent).toEqual({ status: 'agreed', changedAt: '2026-11-01T08:00:00.000Z' });
    const g2 = customerProfileResponseSchema.parse(await (await get('/api/customers/1', 'g2')).json());
    expect(g2.archiveConsent).toBeNull();
  });

  it('fails the profile instead of passing off an unreadable archive_consent as "not known yet"', async () => {
    await app.deps.ds.query('ALTER TABLE archive_consent RENAME TO archive_consent_away');
    try {
      const res = await get('/api/customers/1', 'g1');
      expect(res.status).toBe(500);
      expect(((await res.json()) as { error: { id: string } }).error.id).toBe('internal_error');
    } finally {
      await app.deps.ds.query('ALTER TABLE archive_consent_away RENAME TO archive_consent');
    }
  });

  it('lets a manager see customers of the guides in the store they lead, but not another store', async () => {
    expect((await get('/api/customers/2', 'mgr')).status).toBe(200);
    expect((await get('/api/customers/4', 'mgr')).status).toBe(403);
  });

  it('lists my customers newest first with keyset pagination, search by name or remark, and segment filter', async () => {
    const page1 = myCustomersResponseSchema.parse(await (await get('/api/my/customers?limit=1', 'g2')).json());
    expect(page1.items.map((c) => c.name)).toEqual(['李四']);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = myCustomersResponseSchema.parse(await (await get(`/api/my/customers?limit=1&cursor=${page1.nextCursor}`, 'g2')).json());
    expect(page2.items.map((c) => c.name)).toEqual(['张三']);
    expect(page2.nextCursor).toBeNull();
    const byRemark = myCustomersResponseSchema.parse(await (await get(`/api/my/customers?q=${encodeURIComponent('张姐')}`, 'g1')).json());
    expect(byRemark.items.map((c) => [c.name, c.remark, c.rfmSegmentLabel])).toEqual([['张三', '张姐', '重要价值客户']]);
    const pct = myCustomersResponseSchema.parse(await (await get('/api/my/customers?q=%25', 'g1')).json());
    expect(pct.items).toEqual([]);
    const seg = myCustomersResponseSchema.parse(await (await get('/api/my/customers?segment=champion', 'g2')).json());
    expect(seg.items.map((c) => c.id)).toEqual([1]);
    expect((await get('/api/my/customers?cursor=bogus', 'g2')).status).toBe(400);
    // 王五's follow by g1 was lost, so g1's list is 张三 alone; 李 matches only 李四's name for g2.
    const g1 = myCustomersResponseSchema.parse(await (await get('/api/my/customers', 'g1')).json());
    expect(g1.items.map((c) => [c.name, c.remark])).toEqual([['张三', '张姐']]);
    const byName = myCustomersResponseSchema.parse(await (await get(`/api/my/customers?q=${encodeURIComponent('李')}`, 'g2')).json());
    expect(byName.items.map((c) => c.name)).toEqual(['李四']);
  });
});
