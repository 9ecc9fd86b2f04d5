import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  customerFieldsResponseSchema,
  profileFieldDefResponseSchema,
  profileFieldDefsResponseSchema,
  updateCustomerFieldsResponseSchema,
} from '@shared/api/profile-fields.ts';
import { tagGroupsResponseSchema } from '@shared/api/tags.ts';
import { sessionHeaders } from '../../../../tests/support/auth.ts';
import { someRelation, startSimApp, type SimApp } from '../../../../tests/support/sim-app.ts';

interface ErrorJson {
  error: { id: string; message: string; details?: unknown };
}

const MARK_TAG = '/cgi-bin/externalcontact/mark_tag';

/** The simulator corp with one guide's relation and sessions for that guide and the demo admin. */
async function startCorp() {
  const s = await startSimApp();
  const rel = await someRelation(s);
  const guide = await sessionHeaders(s.app, rel.userid);
  const [row] = (await s.app.deps.ds.query("SELECT userid FROM staff WHERE role = 'admin' LIMIT 1")) as Array<{ userid: string }>;
  const admin = await sessionHeaders(s.app, row!.userid);
  const send = (method: string, path: string, body: unknown, headers = guide) =>
    s.app.request(path, { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { s, rel, guide, admin, send };
}

describe('profile fields (渐进式画像) through the WeCom simulator', () => {
  let s: SimApp;
  let rel: { userid: string; externalUserid: string; customerId: number };
  let guide: Record<string, string>;
  let admin: Record<string, string>;
  let send: Awaited<ReturnType<typeof startCorp>>['send'];
  const fields = async () =>
    customerFieldsResponseSchema.parse(
      await (await s.app.request(`/api/customers/${rel.customerId}/profile-fields`, { headers: guide })).json(),
    );
  const createField = async (body: unknown) => {
    const res = await send('POST', '/api/profile-fields', body, admin);
    expect(res.status).toBe(201);
    return profileFieldDefResponseSchema.parse(await res.json()).field;
  };
  /** The tags WeCom (the simulator) holds on the guide's follow, by name. */
  const wecomTagNames = () => {
    const follow = s.sim.state.customers.get(rel.externalUserid)!.follows.find((f) => f.userid === rel.userid)!;
    return follow.tagIds.map((id) => s.sim.state.tags.get(id)?.name).sort();
  };
  const groupId = async (name: string) => {
    const catalog = tagGroupsResponseSchema.parse(await (await s.app.request('/api/tag-groups', { headers: guide })).json());
    return catalog.groups.find((g) => g.name === name)!;
  };

  beforeAll(async () => {
    ({ s, rel, guide, admin, send } = await startCorp());
  });
  afterAll(async () => s.stop());

  it('lets only admins define fields; guides read them without the right to manage', async () => {
    const denied = await send('POST', '/api/profile-fields', { label: '肤质困扰', type: 'multi', options: ['痘痘', '毛孔'] });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as ErrorJson).error.id).toBe('forbidden_role');
    const bad = await send('POST', '/api/profile-fields', { label: '单选', type: 'single', options: ['只有一个'] }, admin);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorJson).error.id).toBe('invalid_input');
    const field = await createField({ label: '肤质困扰', type: 'multi', options: ['痘痘', '毛孔', '暗沉'] });
    expect(field).toMatchObject({ key: `f${field.id}`, type: 'multi', options: ['痘痘', '毛孔', '暗沉'], counted: true, tagGroupId: null });
    expect((await send('POST', '/api/profile-fields', { label: '肤质困扰', type: 'text' }, admin)).status).toBe(409);
    const list = profileFieldDefsResponseSchema.parse(await (await s.app.request('/api/profile-fields', { headers: guide })).json());
    expect(list.canManage).toBe(false);
    expect(list.fields.map((f) => f.label)).toContain('肤质困扰');
  });

  it('fills text, number, date, single and multi values and built-ins; the completeness hint names what is missing', async () => {
    const text = await createField({ label: '常用色号', type: 'text' });
    const num = await createField({ label: '月预算', type: 'number', counted: false });
    const date = await createField({ label: '下次到店', type: 'date', counted: false });
    const single = await createField({ label: '购买渠道', type: 'single', options: ['门店', '小程序'] });
    const before = await fields();
    expect(before.editable).toBe(true);
    expect(before.fields.slice(0, 2).map((f) => [f.key, f.label, f.builtin])).toEqual([
      ['birthday', '生日', true],
      ['member_no', '会员号', true],
    ]);
    expect(before.missing).toEqual(expect.arrayContaining(['常用色号', '购买渠道']));

    const res = await send('PATCH', `/api/customers/${rel.customerId}/profile-fields`, {
      values: {
        birthday: '1990-03-08',
        member_no: ' MM0001 ',
        [text.key]: ' #05 豆沙 ',
        [num.key]: 800,
        [date.key]: '2026-12-20',
        [single.key]: '门店',
      },
      stage: 'invited',
    });
    expect(res.status).toBe(200);
    const after = updateCustomerFieldsResponseSchema.parse(await res.json());
    const value = (key: string) => after.fields.find((f) => f.key === key)?.value;
    expect([value('birthday'), value('member_no'), value(text.key), value(num.key), value(date.key), value(single.key)]).toEqual([
      '03-08',
      'MM0001',
      '#05 豆沙',
      800,
      '2026-12-20',
      '门店',
    ]);
    expect([after.stage, after.stageLabel]).toEqual(['invited', '已邀约到店']);
    expect(after.missing).not.toContain('生日');
    expect(after.missing).not.toContain('常用色号');
    expect(after.tagGroups).toBeNull();
    const [row] = (await s.app.deps.ds.query('SELECT birthday, member_no FROM customer WHERE id = ?', [rel.customerId])) as Array<{
      birthday: string;
      member_no: string;
    }>;
    expect(row).toEqual({ birthday: '03-08', member_no: 'MM0001' });

    // Clearing with null removes the value again, and the hint names it.
    const cleared = updateCustomerFieldsResponseSchema.parse(
      await (await send('PATCH', `/api/customers/${rel.customerId}/profile-fields`, { values: { [text.key]: null } })).json(),
    );
    expect(cleared.missing).toContain('常用色号');
    expect(cleared.fields.find((f) => f.key === num.key)?.value).toBe(800);
  });

  it('writes what changed to the timeline once, in the guide’s words; a save that changes nothing writes nothing', async () => {
    const field = await createField({ label: '肤感偏好', type: 'multi', options: ['清爽', '滋润', '哑光'], counted: false });
    const timeline = async () => {
      const res = await s.app.request(`/api/customers/${rel.customerId}/timeline?types=profile_updated`, { headers: guide });
      expect(res.status).toBe(200);
      return ((await res.json()) as { items: Array<{ summary: string; typeLabel: string; staff: { name: string } | null }> }).items;
    };
    const before = (await timeline()).length;
    const patch = (body: unknown) => send('PATCH', `/api/customers/${rel.customerId}/profile-fields`, body);

    expect((await patch({ values: { [field.key]: ['清爽', '哑光'] }, stage: 'visited' })).status).toBe(200);
    let items = await timeline();
    expect(items).toHaveLength(before + 1);
    expect(items[0]?.typeLabel).toBe('更新资料');
    expect(items[0]?.summary).toMatch(/更新资料：肤感偏好：清爽、哑光；跟进状态：已到店体验$/);

    // The same values again: nothing changed, nothing written.
    expect((await patch({ values: { [field.key]: ['清爽', '哑光'] }, stage: 'visited' })).status).toBe(200);
    expect(await timeline()).toHaveLength(before + 1);

    // A refused save writes nothing either.
    expect((await patch({ values: { [field.key]: ['不存在的选项'] } })).status).toBe(400);
    expect(await timeline()).toHaveLength(before + 1);

    expect((await patch({ values: { [field.key]: null } })).status).toBe(200);
    items = await timeline();
    expect(items).toHaveLength(before + 2);
    expect(items[0]?.summary).toMatch(/更新资料：清空肤感偏好$/);
  });

  it('refuses bad values all at once with invalid_field_value and writes nothing', async () => {
    const before = await fields();
    const list = profileFieldDefsResponseSchema.parse(await (await s.app.request('/api/profile-fields', { headers: guide })).json());
    const single = list.fields.find((f) => f.label === '购买渠道')!;
    const res = await send('PATCH', `/api/customers/${rel.customerId}/profile-fields`, {
      values: { birthday: '02-30', [single.key]: '直播间', member_no: 'MM0002' },
    });
    expect(res.status).toBe(400);
    const err = (await res.json()) as ErrorJson;
    expect(err.error.id).toBe('invalid_field_value');
    expect(err.error.message).toContain('生日应为有效的月-日');
    expect(err.error.message).toContain('购买渠道只能选列出的选项');
    expect((await fields()).fields).toEqual(before.fields);
    const unknown = await send('PATCH', `/api/customers/${rel.customerId}/profile-fields`, { values: { f999999: 'x' } });
    expect(((await unknown.json()) as ErrorJson).error.id).toBe('invalid_field_value');
    const malformed = await send('PATCH', `/api/customers/${rel.customerId}/profile-fields`, { values: { 'drop table': 'x' } });
    expect(((await malformed.json()) as ErrorJson).error.id).toBe('invalid_input');
  });

  it('mirrors a choice field to its corp tag group with one mark_tag call, and reads the field back from the tags', async () => {
    const skin = await groupId('肤质');
    const field = await createField({ label: '肤质', type: 'single', tagGroupId: skin.id });
    expect(field.options).toEqual(skin.tags.map((t) => t.name));
    expect(field.tagGroupName).toBe('肤质');
    const [first, second] = [skin.tags[0]!, skin.tags[1]!];
    await send('PATCH', `/api/customers/${rel.customerId}/profile-fields`, { values: { [field.key]: first.name } });
    const calls = s.sim.stats.bodies(MARK_TAG).length;
    const res = await send('PATCH', `/api/customers/${rel.customerId}/profile-fields`, { values: { [field.key]: second.name } });
    expect(res.status).toBe(200);
    const body = updateCustomerFieldsResponseSchema.parse(await res.json());
    expect(body.fields.find((f) => f.key === field.key)?.value).toBe(second.name);
    const sent = s.sim.stats.bodies(MARK_TAG).slice(calls);
    expect(sent).toEqual([{ userid: rel.userid, external_userid: rel.externalUserid, add_tag: [second.id], remove_tag: [first.id] }]);
    expect(wecomTagNames()).toContain(second.name);
    expect(wecomTagNames()).not.toContain(first.name);
    const skinTags = body.tagGroups
      ?.find((g) => g.id === skin.id)
      ?.tags.filter((t) => t.mine)
      .map((t) => t.name);
    expect(skinTags).toEqual([second.name]);
    // No value row is kept for a mirrored field: the tags are its value.
    const rows = (await s.app.deps.ds.query('SELECT 1 FROM customer_field_value WHERE field_id = ?', [field.id])) as unknown[];
    expect(rows).toHaveLength(0);
  });

  it('is refused for a customer the guide does not follow (403) and archived fields disappear', async () => {
    const [other] = (await s.app.deps.ds.query(
      `SELECT c.id FROM customer c WHERE NOT EXISTS (SELECT 1 FROM customer_follow f JOIN staff st ON st.id = f.staff_id
        WHERE f.customer_id = c.id AND st.userid = ? AND f.lost_at IS NULL) LIMIT 1`,
      [rel.userid],
    )) as Array<{ id: number }>;
    const res = await send('PATCH', `/api/customers/${other!.id}/profile-fields`, { values: { member_no: 'x' } });
    expect(res.status).toBe(403);
    expect((await s.app.request(`/api/customers/${other!.id}/profile-fields`, { headers: guide })).status).toBe(403);
    const field = await createField({ label: '待删除', type: 'text' });
    expect((await send('DELETE', `/api/profile-fields/${field.id}`, {}, guide)).status).toBe(403);
    expect((await send('DELETE', `/api/profile-fields/${field.id}`, {}, admin)).status).toBe(200);
    expect((await fields()).fields.map((f) => f.label)).not.toContain('待删除');
    expect((await send('PATCH', `/api/profile-fields/${field.id}`, { label: '又来' }, admin)).status).toBe(404);
  });
});

describe('single-choice tag groups', () => {
  let s: SimApp;
  let rel: { userid: string; externalUserid: string; customerId: number };
  let guide: Record<string, string>;
  let admin: Record<string, string>;
  let send: Awaited<ReturnType<typeof startCorp>>['send'];

  beforeAll(async () => {
    ({ s, rel, guide, admin, send } = await startCorp());
  });
  afterAll(async () => s.stop());

  it('adding one tag of a single-choice group removes its sibling in the same mark_tag call', async () => {
    const catalog = tagGroupsResponseSchema.parse(await (await s.app.request('/api/tag-groups', { headers: guide })).json());
    const level = catalog.groups.find((g) => g.name === '客户等级')!;
    expect(level.singleChoice).toBe(false);
    expect((await send('PUT', `/api/tag-groups/${level.id}/settings`, { singleChoice: true })).status).toBe(403);
    const set = await send('PUT', `/api/tag-groups/${level.id}/settings`, { singleChoice: true }, admin);
    expect(await set.json()).toEqual({ groupId: level.id, singleChoice: true });

    const [a, b, c] = level.tags;
    // Start from a known state: tag a only.
    const current = (await (await s.app.request(`/api/customers/${rel.customerId}/tags`, { headers: guide })).json()) as {
      tagGroups: Array<{ id: string; singleChoice: boolean; tags: Array<{ id: string; mine: boolean }> }>;
      editable: boolean;
    };
    expect(current.editable).toBe(true);
    expect(current.tagGroups.find((g) => g.id === level.id)?.singleChoice).toBe(true);
    const mineNow = current.tagGroups
      .find((g) => g.id === level.id)!
      .tags.filter((t) => t.mine && t.id !== a!.id)
      .map((t) => t.id);
    expect((await send('POST', `/api/customers/${rel.customerId}/tags`, { add: [a!.id], remove: mineNow })).status).toBe(200);

    const calls = s.sim.stats.bodies('/cgi-bin/externalcontact/mark_tag').length;
    const res = await send('POST', `/api/customers/${rel.customerId}/tags`, { add: [b!.id] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { added: string[]; removed: string[] };
    expect(body).toMatchObject({ added: [b!.id], removed: [a!.id] });
    expect(s.sim.stats.bodies('/cgi-bin/externalcontact/mark_tag').slice(calls)).toEqual([
      { userid: rel.userid, external_userid: rel.externalUserid, add_tag: [b!.id], remove_tag: [a!.id] },
    ]);
    const follow = s.sim.state.customers.get(rel.externalUserid)!.follows.find((f) => f.userid === rel.userid)!;
    expect(follow.tagIds.filter((t) => level.tags.some((l) => l.id === t))).toEqual([b!.id]);
    const local = (await s.app.deps.ds.query(
      `SELECT ct.tag_id FROM customer_tag ct JOIN customer_follow f ON f.id = ct.follow_id JOIN staff st ON st.id = f.staff_id
        WHERE ct.customer_id = ? AND st.userid = ? AND ct.tag_id IN (?, ?, ?)`,
      [rel.customerId, rel.userid, a!.id, b!.id, c!.id],
    )) as Array<{ tag_id: string }>;
    expect(local.map((r) => r.tag_id)).toEqual([b!.id]);

    const both = await send('POST', `/api/customers/${rel.customerId}/tags`, { add: [a!.id, c!.id] });
    expect(both.status).toBe(400);
    expect(((await both.json()) as ErrorJson).error).toMatchObject({ id: 'single_choice_conflict' });
  });
});
