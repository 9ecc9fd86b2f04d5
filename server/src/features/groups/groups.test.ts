import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  groupDetailResponseSchema,
  groupMembersResponseSchema,
  groupTagsResponseSchema,
  updateGroupTagsResponseSchema,
} from '@shared/api/groups.ts';
import { sessionHeaders } from '../../../../tests/support/auth.ts';
import { startTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { seedSidebarFixture } from '../../../../tests/support/customer-fixtures.ts';

interface ErrorJson {
  error: { id: string };
}

describe('group chat sidebar', () => {
  let app: TestApp;
  let g1: Record<string, string>;
  let g3: Record<string, string>;
  let mgr: Record<string, string>;
  const members = async (query: string, headers = g1) => {
    const res = await app.request(`/api/groups/1/members${query}`, { headers });
    expect(res.status).toBe(200);
    return groupMembersResponseSchema.parse(await res.json());
  };
  const post = (path: string, headers: Record<string, string>, body: unknown) =>
    app.request(path, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    app = await startTestApp();
    await seedSidebarFixture(app.deps.ds);
    g1 = await sessionHeaders(app, 'g1');
    g3 = await sessionHeaders(app, 'g3');
    mgr = await sessionHeaders(app, 'mgr');
  });
  afterAll(async () => app.stop());

  it('resolves a chat id, 404 for an unknown one, 403 forbidden_group for a group the guide is not in', async () => {
    const ok = await app.request('/api/groups/by-chat/wr_fans', { headers: g1 });
    expect(await ok.json()).toEqual({ id: 1 });
    expect((await app.request('/api/groups/by-chat/wr_none', { headers: g1 })).status).toBe(404);
    const denied = await app.request('/api/groups/by-chat/wr_fans', { headers: g3 });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as ErrorJson).error.id).toBe('forbidden_group');
    for (const path of ['/api/groups/1', '/api/groups/1/members']) {
      const res = await app.request(path, { headers: g3 });
      expect(res.status).toBe(403);
      expect(((await res.json()) as ErrorJson).error.id).toBe('forbidden_group');
    }
    expect((await app.request('/api/groups/99', { headers: g1 })).status).toBe(404);
  });

  it('shows the group page: owner, notice, member counts (left members excluded), join scenes, segments', async () => {
    const res = await app.request('/api/groups/1', { headers: g1 });
    const g = groupDetailResponseSchema.parse(await res.json());
    expect(g).toMatchObject({
      id: 1,
      chatId: 'wr_fans',
      name: '张姐粉丝群',
      owner: { userid: 'g1', name: '王导购', isMe: true },
      notice: '每周三会员日',
      dismissed: false,
      memberCounts: { total: 4, customers: 3, staff: 1, knownCustomers: 2 },
      tags: [],
    });
    expect(g.joinScenes).toEqual([
      { scene: 1, label: '直接邀请', count: 2 },
      { scene: 2, label: '邀请链接', count: 1 },
      { scene: 3, label: '扫描群二维码', count: 1 },
    ]);
    expect(g.segments.map((s) => [s.segment, s.label, s.count]).sort()).toEqual(
      [
        ['champion', '重要价值客户', 1],
        [null, '未分层', 1],
      ].sort(),
    );
    const byManager = groupDetailResponseSchema.parse(await (await app.request('/api/groups/1', { headers: mgr })).json());
    expect(byManager.owner.isMe).toBe(false);
  });

  it('lists members with segment and tags, filters by segment, tag, name and kind, and pages', async () => {
    const all = await members('');
    expect(all.items.map((m) => m.name)).toEqual(['路人', '李四', '张三', '王导购']);
    const zhang = all.items.find((m) => m.name === '张三')!;
    expect(zhang.customer).toMatchObject({
      id: 1,
      rfmSegment: 'champion',
      rfmSegmentLabel: '重要价值客户',
      visible: true,
      totalSpent: 123400,
    });
    expect(zhang.customer!.tags.map((t) => t.name).sort()).toEqual(['VIP', '干皮']);
    expect(all.items.find((m) => m.name === '李四')!.customer).toMatchObject({ visible: false, rfmSegment: null });
    expect(all.items.find((m) => m.name === '路人')!.customer).toBeNull();
    expect(all.items.find((m) => m.name === '王导购')).toMatchObject({ type: 'staff', staff: { name: '王导购' }, customer: null });
    expect((await members('?segment=champion')).items.map((m) => m.name)).toEqual(['张三']);
    expect((await members('?tagId=tag_dry')).items.map((m) => m.name)).toEqual(['张三']);
    expect((await members(`?q=${encodeURIComponent('李')}`)).items.map((m) => m.name)).toEqual(['李四']);
    expect((await members('?type=staff')).items.map((m) => m.name)).toEqual(['王导购']);
    const p1 = await members('?limit=3');
    const p2 = await members(`?limit=3&cursor=${p1.nextCursor}`);
    expect([...p1.items, ...p2.items].map((m) => m.memberId)).toEqual(all.items.map((m) => m.memberId));
    expect(p2.nextCursor).toBeNull();
  });

  it('creates group tags (managers/admins) and tags a group', async () => {
    expect((await post('/api/group-tags', g1, { name: '高活跃' })).status).toBe(403);
    const created = await post('/api/group-tags', mgr, { name: '高活跃', color: '#ff8800' });
    expect(created.status).toBe(201);
    const tagId = ((await created.json()) as { tag: { id: number } }).tag.id;
    expect((await post('/api/group-tags', mgr, { name: '高活跃' })).status).toBe(409);
    await post('/api/group-tags', mgr, { name: '新群' });
    const tags = groupTagsResponseSchema.parse(await (await app.request('/api/group-tags', { headers: g1 })).json());
    expect(tags.tags.map((t) => t.name).sort()).toEqual(['新群', '高活跃'].sort());
    const other = tags.tags.find((t) => t.name === '新群')!.id;
    const res = await post('/api/groups/1/tags', g1, { add: [tagId, other] });
    expect(
      updateGroupTagsResponseSchema
        .parse(await res.json())
        .tags.map((t) => t.id)
        .sort(),
    ).toEqual([tagId, other].sort());
    const removed = updateGroupTagsResponseSchema.parse(await (await post('/api/groups/1/tags', g1, { remove: [other] })).json());
    expect(removed.tags).toEqual([{ id: tagId, name: '高活跃', color: '#ff8800' }]);
    expect(
      groupDetailResponseSchema.parse(await (await app.request('/api/groups/1', { headers: g1 })).json()).tags.map((t) => t.id),
    ).toEqual([tagId]);
    expect((await post('/api/groups/1/tags', g1, { add: [9999] })).status).toBe(400);
    expect((await post('/api/groups/1/tags', g3, { add: [tagId] })).status).toBe(403);
    const audit: Array<{ n: number }> = await app.deps.ds.query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'group_tag.create'");
    expect(Number(audit[0]!.n)).toBe(2);
  });

  it('lists group tags with their use, and lets managers rename, recolour and delete them (guides may not)', async () => {
    const list = groupTagsResponseSchema.parse(await (await app.request('/api/group-tags', { headers: g1 })).json());
    expect(list.canManage).toBe(false);
    const hot = list.tags.find((t) => t.name === '高活跃')!;
    expect(hot.groupCount).toBe(1);
    const patch = (id: number, body: unknown, headers = mgr) =>
      app.request(`/api/group-tags/${id}`, {
        method: 'PATCH',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await patch(hot.id, { name: '很活跃' }, g1)).status).toBe(403);
    expect((await patch(hot.id, { name: '新群' })).status).toBe(409);
    expect(await (await patch(hot.id, { name: '很活跃', color: '#00aa00' })).json()).toEqual({
      tag: { id: hot.id, name: '很活跃', color: '#00aa00' },
    });
    expect((await app.request(`/api/group-tags/${hot.id}`, { method: 'DELETE', headers: g1 })).status).toBe(403);
    expect((await app.request(`/api/group-tags/${hot.id}`, { method: 'DELETE', headers: mgr })).status).toBe(200);
    expect(groupDetailResponseSchema.parse(await (await app.request('/api/groups/1', { headers: g1 })).json()).tags).toEqual([]);
    const byManager = groupTagsResponseSchema.parse(await (await app.request('/api/group-tags', { headers: mgr })).json());
    expect(byManager.canManage).toBe(true);
    expect(byManager.tags.map((t) => t.name)).toEqual(['新群']);
    expect((await patch(hot.id, { name: 'x' })).status).toBe(404);
  });
});
