import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptFoldersResponseSchema, scriptResponseSchema, scriptSendResponseSchema, scriptsResponseSchema } from '@shared/api/scripts.ts';
import { sessionHeaders } from '../../../../tests/support/auth.ts';
import { startTestApp, type TestApp } from '../../../../tests/support/test-app.ts';
import { seedSidebarFixture } from '../../../../tests/support/customer-fixtures.ts';

interface ErrorJson {
  error: { id: string };
}

describe('script library (话术库)', () => {
  let app: TestApp;
  let g1: Record<string, string>;
  let g2: Record<string, string>;
  let boss: Record<string, string>;
  const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    app.request(path, {
      method,
      headers: { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const list = async (query: string, headers = g1) => {
    const res = await app.request(`/api/scripts${query}`, { headers });
    expect(res.status).toBe(200);
    return scriptsResponseSchema.parse(await res.json());
  };
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    app = await startTestApp({ ADMIN_USERIDS: 'boss' });
    await seedSidebarFixture(app.deps.ds);
    g1 = await sessionHeaders(app, 'g1');
    g2 = await sessionHeaders(app, 'g2');
    boss = await sessionHeaders(app, 'boss');
    // The admin builds the corp library through the API (audit-logged).
    const folder = await send('POST', '/api/admin/script-folders', boss, { name: '欢迎语', sortOrder: 10 });
    expect(folder.status).toBe(201);
    const folderId = ((await folder.json()) as { folder: { id: number } }).folder.id;
    const make = async (key: string, body: Record<string, unknown>) => {
      const res = await send('POST', '/api/admin/scripts', boss, { folderId, ...body });
      expect(res.status).toBe(201);
      ids[key] = scriptResponseSchema.parse(await res.json()).script.id;
    };
    await make('generic', { type: 'text', title: '通用问候', content: { text: '{客户称呼}您好，我是{门店}的{导购姓名}' } });
    await make('champion', {
      type: 'text',
      title: '高价值回馈',
      content: { text: '{客户称呼}，专属礼遇{未知}' },
      targetSegments: ['champion'],
    });
    await make('champTag', {
      type: 'text',
      title: 'VIP 干皮推荐',
      content: { text: '给{客户昵称}的保湿推荐' },
      targetSegments: ['champion'],
      targetTagIds: ['tag_vip', 'tag_dry'],
    });
    await make('prospect', { type: 'text', title: '新客首单', content: { text: '首单礼' }, targetSegments: ['prospect'] });
    await make('link', {
      type: 'link',
      title: '护肤指南',
      content: { title: '{客户称呼}的护肤指南', desc: '秋冬', url: 'https://x.example/g', imgUrl: 'https://x.example/g.jpg' },
    });
    await make('image', { type: 'image', title: '海报', content: { imageUrl: 'https://x.example/p.jpg' } });
    await make('group', { type: 'text', title: '群欢迎', content: { text: '欢迎加入{群名称}' }, forGroup: true });
    // The guide's 称呼 for 张三; their remark "张姐" is a private note and must never be sent.
    const set = await send('PUT', '/api/customers/1/salutation', g1, { salutation: '张女士' });
    expect(set.status).toBe(200);
  });
  afterAll(async () => app.stop());

  it('orders scripts for a customer by targeting match, then recent use, rendered for that customer', async () => {
    const res = await list('?customerId=1');
    expect(res.items.map((s) => s.title)).toEqual(['VIP 干皮推荐', '高价值回馈', '通用问候', '护肤指南', '海报', '新客首单']);
    const top = res.items[0]!;
    expect(top.score).toBe(8);
    expect(top.matched).toEqual(['segment', 'tag']);
    const byTitle = Object.fromEntries(res.items.map((s) => [s.title, s]));
    expect(byTitle['通用问候']!.rendered).toEqual({ type: 'text', content: { text: '张女士您好，我是上海店的王导购' } });
    expect(byTitle['通用问候']!.content).toEqual({ text: '{客户称呼}您好，我是{门店}的{导购姓名}' });
    expect(byTitle['高价值回馈']!.preview).toBe('张女士，专属礼遇{未知}');
    expect(byTitle['高价值回馈']).toMatchObject({ recommended: true, reason: '重要价值客户' });
    expect(byTitle['通用问候']).toMatchObject({ recommended: false, reason: null });
    expect(byTitle['VIP 干皮推荐']!.preview).toBe('给张三的保湿推荐');
    expect(byTitle['护肤指南']!.rendered).toMatchObject({ type: 'link', content: { title: '张女士的护肤指南' } });
    expect(res.items.some((s) => s.forGroup)).toBe(false);
    // Another guide without a 称呼: {客户称呼} falls back to the WeChat name.
    const g2list = await list('?customerId=1', g2);
    expect(g2list.items.find((s) => s.title === '通用问候')!.preview).toBe('张三您好，我是上海店的李导购');
  });

  it('lists only group scripts for a group, searches title and content, and pages with a cursor', async () => {
    const group = await list('?groupId=1');
    expect(group.items.map((s) => [s.title, s.preview])).toEqual([['群欢迎', '欢迎加入张姐粉丝群']]);
    expect((await list(`?customerId=1&q=${encodeURIComponent('保湿')}`)).items.map((s) => s.title)).toEqual(['VIP 干皮推荐']);
    expect((await list(`?q=${encodeURIComponent('首单')}`)).items.map((s) => s.title)).toEqual(['新客首单']);
    const p1 = await list('?customerId=1&limit=4');
    const p2 = await list(`?customerId=1&limit=4&cursor=${p1.nextCursor}`);
    expect(p1.items).toHaveLength(4);
    expect(p2.items).toHaveLength(2);
    expect(p2.nextCursor).toBeNull();
    expect((await app.request('/api/scripts?customerId=2', { headers: g1 })).status).toBe(403);
    expect((await app.request('/api/scripts?groupId=2', { headers: g1 })).status).toBe(403);
  });

  it('sends a script: rendered message for ww.sendChatMessage, script_send row, script_sent interaction, counters bumped', async () => {
    const res = await send('POST', `/api/scripts/${ids.generic}/sends`, g1, { customerId: 1 });
    expect(res.status).toBe(201);
    const body = scriptSendResponseSchema.parse(await res.json());
    expect(body.message).toEqual({ msgtype: 'text', text: { content: '张女士您好，我是上海店的王导购' } });
    const link = scriptSendResponseSchema.parse(await (await send('POST', `/api/scripts/${ids.link}/sends`, g1, { customerId: 1 })).json());
    expect(link.message).toEqual({
      msgtype: 'news',
      news: { link: 'https://x.example/g', title: '张女士的护肤指南', desc: '秋冬', imgUrl: 'https://x.example/g.jpg' },
    });
    const image = await send('POST', `/api/scripts/${ids.image}/sends`, g1, { customerId: 1 });
    expect(image.status).toBe(409);
    expect(((await image.json()) as ErrorJson).error.id).toBe('script_media_missing');
    const grp = scriptSendResponseSchema.parse(await (await send('POST', `/api/scripts/${ids.group}/sends`, g1, { groupId: 1 })).json());
    expect(grp.message).toEqual({ msgtype: 'text', text: { content: '欢迎加入张姐粉丝群' } });

    const sends: Array<{ script_id: number; customer_id: number | null; group_id: number | null }> = await app.deps.ds.query(
      'SELECT script_id, customer_id, group_id FROM script_send ORDER BY id',
    );
    expect(
      sends.map((s) => [
        Number(s.script_id),
        s.customer_id === null ? null : Number(s.customer_id),
        s.group_id === null ? null : Number(s.group_id),
      ]),
    ).toEqual([
      [ids.generic, 1, null],
      [ids.link, 1, null],
      [ids.group, null, 1],
    ]);
    const timeline = (await (await app.request('/api/customers/1/timeline?types=script_sent', { headers: g1 })).json()) as {
      items: Array<{ summary: string; detail: { scriptId: number } }>;
    };
    expect(timeline.items.map((i) => i.summary)).toEqual(['王导购 发送话术「护肤指南」', '王导购 发送话术「通用问候」']);
    // recently used scripts rise among equal scores (the first send made an hour older: datetimes may be whole seconds)
    await app.deps.ds.query('UPDATE script SET last_sent_at = ? WHERE id = ?', [
      new Date(Date.now() - 3600_000).toISOString().replace('T', ' ').slice(0, 19),
      ids.generic,
    ]);
    const after = await list('?customerId=1');
    expect(after.items.map((s) => s.title).slice(2, 5)).toEqual(['护肤指南', '通用问候', '海报']);
    expect(after.items.find((s) => s.title === '通用问候')).toMatchObject({ sendCount: 1, lastSentAt: expect.any(String) });
    expect((await send('POST', `/api/scripts/${ids.generic}/sends`, g1, { customerId: 2 })).status).toBe(403);
    expect((await send('POST', `/api/scripts/${ids.generic}/sends`, g1, {})).status).toBe(400);
  });

  it('sends the text as the guide edited it in the preview; only text scripts can be edited', async () => {
    const res = await send('POST', `/api/scripts/${ids.generic}/sends`, g1, { customerId: 1, text: '张女士您好，周末店里有新品试用～' });
    expect(res.status).toBe(201);
    expect(scriptSendResponseSchema.parse(await res.json()).message).toEqual({
      msgtype: 'text',
      text: { content: '张女士您好，周末店里有新品试用～' },
    });
    const link = await send('POST', `/api/scripts/${ids.link}/sends`, g1, { customerId: 1, text: 'x' });
    expect(link.status).toBe(400);
    expect(((await link.json()) as ErrorJson).error.id).toBe('script_text_not_editable');
  });

  it('renders one script for the chat as it will be sent (the preview)', async () => {
    const res = await app.request(`/api/scripts/${ids.champion}?customerId=1`, { headers: g1 });
    expect(res.status).toBe(200);
    const { script } = scriptResponseSchema.parse(await res.json());
    expect(script).toMatchObject({ rendered: { type: 'text', content: { text: '张女士，专属礼遇{未知}' } }, recommended: true });
    expect((await app.request(`/api/scripts/${ids.champion}?customerId=2`, { headers: g1 })).status).toBe(403);
  });

  it('offers a script only inside its validity window: an expired one is neither listed, 推荐 nor sendable', async () => {
    const make = async (body: Record<string, unknown>) => {
      const res = await send('POST', '/api/admin/scripts', boss, body);
      expect(res.status).toBe(201);
      return scriptResponseSchema.parse(await res.json()).script.id;
    };
    const expired = await make({
      type: 'text',
      title: '双十一预热',
      content: { text: '今晚8点秒杀' },
      targetSegments: ['champion'],
      validFrom: '2020-10-20',
      validTo: '2020-11-11',
    });
    const expiredGroup = await make({
      type: 'text',
      title: '双十一群秒杀',
      content: { text: '群秒杀' },
      forGroup: true,
      validTo: '2020-11-11',
    });
    const later = await make({ type: 'text', title: '明年的活动', content: { text: '敬请期待' }, validFrom: '2099-01-01' });
    const offered = (await list('?customerId=1&limit=50')).items.map((s) => s.id);
    expect(offered).not.toContain(expired);
    expect(offered).not.toContain(later);
    expect((await list('?groupId=1')).items.map((s) => s.id)).not.toContain(expiredGroup);
    const sent = await send('POST', `/api/scripts/${expired}/sends`, g1, { customerId: 1 });
    expect(sent.status).toBe(409);
    expect(((await sent.json()) as ErrorJson).error.id).toBe('script_not_offered');
    // The library page (no chat) still lists it, with its window, so an admin can renew it.
    expect((await list('?limit=50')).items.find((s) => s.id === expired)).toMatchObject({ validFrom: '2020-10-20', validTo: '2020-11-11' });
    const bad = await send('POST', '/api/admin/scripts', boss, {
      type: 'text',
      title: 'x',
      content: { text: 'x' },
      validFrom: '2026-12-02',
      validTo: '2026-12-01',
    });
    expect(bad.status).toBe(400);
    for (const id of [expired, expiredGroup, later]) expect((await send('DELETE', `/api/admin/scripts/${id}`, boss)).status).toBe(200);
  });

  it('recommends a script only when its conditions hold, and says why', async () => {
    const res = await send('POST', '/api/admin/scripts', boss, {
      type: 'text',
      title: '生日祝福',
      content: { text: '{客户称呼}生日快乐' },
      conditions: { fact: 'daysToBirthday', op: 'between', value: [0, 7] },
    });
    const id = scriptResponseSchema.parse(await res.json()).script.id;
    const find = async () => (await list('?customerId=1&limit=50')).items.find((s) => s.id === id);
    expect(await find()).toMatchObject({ recommended: false, reason: null });
    const inThree = new Date(Date.now() + 3 * 86_400_000 + 8 * 3600_000).toISOString().slice(5, 10);
    await app.deps.ds.query('UPDATE customer SET birthday = ? WHERE id = 1', [inThree]);
    expect(await find()).toMatchObject({ recommended: true, reason: '生日在 3 天后' });
    await app.deps.ds.query('UPDATE customer SET birthday = NULL WHERE id = 1');
    expect((await send('DELETE', `/api/admin/scripts/${id}`, boss)).status).toBe(200);
  });

  it('lets a guide manage personal scripts that only they see and send', async () => {
    const created = await send('POST', '/api/my/scripts', g1, { type: 'text', title: '我的开场白', content: { text: '{客户称呼}好呀' } });
    expect(created.status).toBe(201);
    const mine = scriptResponseSchema.parse(await created.json()).script;
    expect(mine).toMatchObject({ scope: 'personal', mine: true });
    expect((await list('?customerId=1')).items.some((s) => s.id === mine.id)).toBe(true);
    expect((await list('?customerId=1', g2)).items.some((s) => s.id === mine.id)).toBe(false);
    expect((await send('POST', `/api/scripts/${mine.id}/sends`, g2, { customerId: 1 })).status).toBe(404);
    expect((await send('PATCH', `/api/my/scripts/${mine.id}`, g2, { title: 'x' })).status).toBe(404);
    const edited = await send('PATCH', `/api/my/scripts/${mine.id}`, g1, {
      type: 'link',
      content: { title: 't', url: 'https://x.example' },
    });
    expect(scriptResponseSchema.parse(await edited.json()).script).toMatchObject({
      type: 'link',
      content: { title: 't', url: 'https://x.example', desc: '', imgUrl: '' },
    });
    expect((await send('PATCH', `/api/my/scripts/${mine.id}`, g1, { type: 'text' })).status).toBe(400);
    expect((await send('PATCH', `/api/my/scripts/${mine.id}`, g1, { content: { text: 'wrong shape' } })).status).toBe(400);
    expect((await send('PATCH', `/api/my/scripts/${ids.generic}`, g1, { title: 'x' })).status).toBe(404);
    expect((await send('DELETE', `/api/my/scripts/${mine.id}`, g1)).status).toBe(200);
    expect((await list('?customerId=1')).items.some((s) => s.id === mine.id)).toBe(false);
  });

  it('lets admins edit, move and delete corp scripts and folders (audit-logged); guides get 403', async () => {
    expect((await send('POST', '/api/admin/scripts', g1, { type: 'text', title: 'x', content: { text: 'x' } })).status).toBe(403);
    const sub = await send('POST', '/api/admin/script-folders', boss, { name: '节日' });
    const subId = ((await sub.json()) as { folder: { id: number } }).folder.id;
    const moved = await send('PATCH', `/api/admin/scripts/${ids.prospect}`, boss, { folderId: subId, title: '新客首单礼' });
    expect(scriptResponseSchema.parse(await moved.json()).script).toMatchObject({ folderId: subId, title: '新客首单礼' });
    const folders = scriptFoldersResponseSchema.parse(await (await app.request('/api/script-folders', { headers: g1 })).json());
    expect(folders.folders.map((f) => f.name)).toEqual(['欢迎语', '节日']);
    const parentId = folders.folders[0]!.id;
    expect((await send('PATCH', `/api/admin/script-folders/${parentId}`, boss, { parentId: subId })).status).toBe(200);
    const cycle = await send('PATCH', `/api/admin/script-folders/${subId}`, boss, { parentId });
    expect(((await cycle.json()) as ErrorJson).error.id).toBe('folder_cycle');
    const busy = await send('DELETE', `/api/admin/script-folders/${subId}`, boss);
    expect(busy.status).toBe(409);
    expect((await send('DELETE', `/api/admin/scripts/${ids.prospect}`, boss)).status).toBe(200);
    expect((await send('PATCH', `/api/admin/script-folders/${parentId}`, boss, { parentId: null })).status).toBe(200);
    expect((await send('DELETE', `/api/admin/script-folders/${subId}`, boss)).status).toBe(200);
    const audit: Array<{ action: string }> = await app.deps.ds.query('SELECT action FROM audit_log ORDER BY id');
    expect(new Set(audit.map((a) => a.action))).toEqual(
      new Set(['script_folder.create', 'script.create', 'script.update', 'script_folder.update', 'script.delete', 'script_folder.delete']),
    );
  });

  it('refuses link and image scripts whose URLs are not https, on create and on edit', async () => {
    const bad = [
      { type: 'link', title: 'x', content: { title: 't', url: 'javascript:alert(document.cookie)' } },
      { type: 'link', title: 'x', content: { title: 't', url: 'http://x.example/g' } },
      { type: 'link', title: 'x', content: { title: 't', url: 'https://x.example/g', imgUrl: 'http://x.example/g.jpg' } },
      { type: 'image', title: 'x', content: { imageUrl: 'javascript:alert(1)' } },
    ];
    for (const body of bad) {
      const res = await send('POST', '/api/admin/scripts', boss, body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain('必须是 https:// 开头的网址');
    }
    expect(
      (await send('PATCH', `/api/admin/scripts/${ids.link}`, boss, { content: { title: 't', url: 'javascript:alert(1)' } })).status,
    ).toBe(400);
    expect((await send('PATCH', `/api/admin/scripts/${ids.image}`, boss, { content: { imageUrl: 'http://x.example/p.jpg' } })).status).toBe(
      400,
    );
    expect(
      (await send('POST', '/api/my/scripts', g1, { type: 'image', title: 'x', content: { imageUrl: 'data:image/png;base64,AAAA' } }))
        .status,
    ).toBe(400);
  });
});
