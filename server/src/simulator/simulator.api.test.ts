import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCustomer } from '@server/demo/customers.ts';
import { demoDirectory } from '@server/demo/directory.ts';
import { demoGroupChats } from '@server/demo/groups.ts';
import { demoOptions } from '@server/demo/options.ts';
import {
  addCorpTagResponseSchema,
  authUserInfoResponseSchema,
  batchGetByUserResponseSchema,
  departmentListResponseSchema,
  externalContactGetResponseSchema,
  externalContactListResponseSchema,
  followUserListResponseSchema,
  getCorpTagListResponseSchema,
  groupChatGetResponseSchema,
  groupChatListResponseSchema,
  groupChatStatisticByDayResponseSchema,
  groupChatStatisticResponseSchema,
  okResponseSchema,
  ticketResponseSchema,
  tokenResponseSchema,
  userBehaviorResponseSchema,
  userGetResponseSchema,
  userListResponseSchema,
  userSimpleListResponseSchema,
} from '@server/wecom/schemas.ts';
import { startSimulator, type RunningSimulator, type Simulator } from './index.ts';
import { wxClient, type WxTestClient } from './testing.ts';

const CORP = { customers: 300, guides: 6, groups: 6, seed: 42 };
let sim: Simulator & RunningSimulator;
let wx: WxTestClient;

beforeAll(async () => {
  sim = await startSimulator({ corp: CORP });
  wx = wxClient(sim);
});
afterAll(async () => {
  await sim.close();
});

const B = '/cgi-bin';
const day = 86_400;

describe('corp', () => {
  it('is exactly the demo generator corp (counts and spot checks)', async () => {
    const o = demoOptions({ ...CORP, corpId: sim.corp.corpId });
    const dir = demoDirectory(o);
    const counts = sim.state.counts();
    expect(counts.users).toBe(dir.staff.length);
    expect(counts.departments).toBe(dir.departments.length);
    expect(counts.customers).toBe(300);
    expect(counts.tagGroups).toBe(dir.tagGroups.length);
    expect(counts.groupChats).toBe(demoGroupChats(o).length);
    let follows = 0;
    for (let i = 0; i < 300; i++) follows += demoCustomer(o, i).follows.length;
    expect(counts.follows).toBe(follows);

    for (const i of [0, 17, 299]) {
      const c = demoCustomer(o, i);
      const r = await wx.get(`${B}/externalcontact/get`, { external_userid: c.external_userid });
      const got = externalContactGetResponseSchema.parse(r.json);
      expect(got.external_contact).toMatchObject({ external_userid: c.external_userid, name: c.name, type: c.type, gender: c.gender });
      expect(got.follow_user.map((f) => [f.userid, f.remark, f.createtime, f.add_way, (f.tags ?? []).map((t) => t.tag_id)])).toEqual(
        c.follows.map((f) => [f.userid, f.remark, f.createtime, f.add_way, f.tag_ids]),
      );
    }
    const users = userListResponseSchema.parse((await wx.get(`${B}/user/list`, { department_id: '1', fetch_child: '1' })).json);
    expect(users.userlist.map((u) => u.userid).sort()).toEqual(dir.staff.map((s) => s.userid).sort());
    const followers = followUserListResponseSchema.parse((await wx.get(`${B}/externalcontact/get_follow_user_list`)).json);
    expect(followers.follow_user.sort()).toEqual(
      dir.staff
        .filter((s) => s.is_follow_user)
        .map((s) => s.userid)
        .sort(),
    );
  });
});

describe('tokens', () => {
  it('gettoken answers the same token while it is valid; a wrong corpid is 40013 and a wrong secret 40001', async () => {
    const q = { corpid: sim.corp.corpId, corpsecret: sim.corp.secret };
    const a = tokenResponseSchema.parse((await wx.get(`${B}/gettoken`, q)).json);
    const b = tokenResponseSchema.parse((await wx.get(`${B}/gettoken`, q)).json);
    expect(a.access_token).toBe(b.access_token);
    expect(a.expires_in).toBeGreaterThan(7000);
    expect((await wx.get(`${B}/gettoken`, { corpid: 'wwnope', corpsecret: sim.corp.secret })).json.errcode).toBe(40013);
    expect((await wx.get(`${B}/gettoken`, { corpid: sim.corp.corpId, corpsecret: 'wrong' })).json.errcode).toBe(40001);
  });

  it('a call without access_token is 41001 and with an unknown one 40014, as HTTP 200 with a hinted errmsg', async () => {
    const res = await fetch(`${sim.url}${B}/department/list`);
    expect(res.status).toBe(200);
    const body = okResponseSchema.parse(await res.json());
    expect(body.errcode).toBe(41001);
    expect(body.errmsg).toMatch(/hint: \[/);
    expect((await wx.get(`${B}/department/list`, { access_token: 'garbage' })).json.errcode).toBe(40014);
  });

  it('an unknown path is HTTP 404 with an empty body and GET on a POST API is 40058', async () => {
    const res = await fetch(`${sim.url}${B}/nope/nothing`);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('');
    expect((await wx.get(`${B}/externalcontact/groupchat/list`)).json.errcode).toBe(40058);
  });
});

describe('directory', () => {
  it('department/list, user/list, user/simplelist and user/get validate against the client schemas', async () => {
    const depts = departmentListResponseSchema.parse((await wx.get(`${B}/department/list`)).json);
    expect(depts.department.find((d) => d.id === 1)?.parentid).toBe(0);
    const sub = departmentListResponseSchema.parse((await wx.get(`${B}/department/list`, { id: '10' })).json);
    expect(sub.department.every((d) => d.id === 10 || d.parentid !== 1)).toBe(true);
    const direct = userListResponseSchema.parse((await wx.get(`${B}/user/list`, { department_id: '2' })).json);
    expect(direct.userlist.length).toBeGreaterThan(0);
    const simple = userSimpleListResponseSchema.parse(
      (await wx.get(`${B}/user/simplelist`, { department_id: '1', fetch_child: '1' })).json,
    );
    const first = simple.userlist[0];
    if (!first) throw new Error('no users');
    const one = userGetResponseSchema.parse((await wx.get(`${B}/user/get`, { userid: first.userid })).json);
    expect(one.name).toBe(first.name);
    expect(typeof one.gender).toBe('string');
    expect(one).not.toHaveProperty('role');
    expect((await wx.get(`${B}/user/get`, { userid: 'nobody' })).json.errcode).toBe(60111);
    expect((await wx.get(`${B}/user/list`, { department_id: '999' })).json.errcode).toBe(60123);
  });
});

describe('customers', () => {
  it('batch/get_by_user pages through every (customer, follower) pair once, default 50 per page, limit clamped to 100', async () => {
    const followers = followUserListResponseSchema.parse((await wx.get(`${B}/externalcontact/get_follow_user_list`)).json).follow_user;
    const seen = new Set<string>();
    let cursor = '';
    let pages = 0;
    do {
      const r = batchGetByUserResponseSchema.parse(
        (await wx.post(`${B}/externalcontact/batch/get_by_user`, { userid_list: followers, cursor, limit: 1000 })).json,
      );
      expect(r.external_contact_list.length).toBeLessThanOrEqual(100);
      for (const item of r.external_contact_list) {
        const key = `${item.follow_info.userid}|${item.external_contact.external_userid}`;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
      }
      cursor = r.next_cursor ?? '';
      pages += 1;
    } while (cursor !== '');
    expect(seen.size).toBe(sim.state.counts().follows);
    expect(pages).toBe(Math.ceil(seen.size / 100));
    const dflt = batchGetByUserResponseSchema.parse(
      (await wx.post(`${B}/externalcontact/batch/get_by_user`, { userid_list: followers })).json,
    );
    expect(dflt.external_contact_list).toHaveLength(50);
    expect(dflt.next_cursor).not.toBe('');
  });

  it('batch/get_by_user rejects more than 100 userids with 40058', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => `u${i}`);
    expect((await wx.post(`${B}/externalcontact/batch/get_by_user`, { userid_list: ids })).json.errcode).toBe(40058);
    expect((await wx.post(`${B}/externalcontact/batch/get_by_user`, { userid_list: 'guide_001' })).json.errcode).toBe(40058);
  });

  it("externalcontact/list lists a member's customers; get answers 40096 for an unknown id and 84061 when no relation is left", async () => {
    const list = externalContactListResponseSchema.parse((await wx.get(`${B}/externalcontact/list`, { userid: 'guide_001' })).json);
    expect(list.external_userid.length).toBe(sim.state.customersByUser.get('guide_001')?.length);
    const bad = (await wx.get(`${B}/externalcontact/get`, { external_userid: 'wmDOESNOTEXIST' })).json;
    expect(bad).toMatchObject({ errcode: 40096, follow_user: [] });
    expect((await wx.get(`${B}/externalcontact/get`)).json.errcode).toBe(41035);
    const id = list.external_userid[0] ?? '';
    const customer = sim.state.customers.get(id);
    if (!customer) throw new Error('missing');
    const saved = [...customer.follows];
    for (const f of saved) sim.state.removeFollow(f.userid, id);
    expect((await wx.get(`${B}/externalcontact/get`, { external_userid: id })).json.errcode).toBe(84061);
    for (const f of saved) sim.state.putFollow(id, f);
  });

  it('externalcontact/get pages follow_user by 500 and returns next_cursor only when more remain', async () => {
    const id = [...sim.state.customers.keys()][5] ?? '';
    const added: string[] = [];
    for (let i = 0; i < 620; i++) {
      const userid = `bulk_${i}`;
      sim.state.users.set(userid, { userid, name: `批量${i}`, department: [2] });
      sim.state.putFollow(id, {
        userid,
        remark: '',
        description: '',
        createtime: 1_700_000_000 + i,
        tagIds: [],
        remark_mobiles: [],
        add_way: 201,
        oper_userid: userid,
      });
      added.push(userid);
    }
    try {
      const total = sim.state.customers.get(id)?.follows.length ?? 0;
      const p1 = externalContactGetResponseSchema.parse((await wx.get(`${B}/externalcontact/get`, { external_userid: id })).json);
      expect(p1.follow_user).toHaveLength(500);
      expect(p1.next_cursor).toBeTruthy();
      const p2 = externalContactGetResponseSchema.parse(
        (await wx.get(`${B}/externalcontact/get`, { external_userid: id, cursor: p1.next_cursor ?? '' })).json,
      );
      expect(p1.follow_user.length + p2.follow_user.length).toBe(total);
      expect(p2.next_cursor).toBeUndefined();
    } finally {
      for (const u of added) {
        sim.state.removeFollow(u, id);
        sim.state.users.delete(u);
      }
    }
    const small = externalContactGetResponseSchema.parse((await wx.get(`${B}/externalcontact/get`, { external_userid: id })).json);
    expect(small).not.toHaveProperty('next_cursor');
  });

  it('remark and mark_tag change the relation; mark_tag without the relation is 84061 and an unknown tag 40068', async () => {
    const [external, follow] = [...sim.state.customers.values()].map((c) => [c.contact.external_userid, c.follows[0]] as const)[3] ?? [];
    if (!external || !follow) throw new Error('no customer');
    const r = await wx.post(`${B}/externalcontact/remark`, {
      userid: follow.userid,
      external_userid: external,
      remark: '新备注',
      remark_mobiles: ['13900000000'],
    });
    expect(okResponseSchema.parse(r.json).errcode).toBe(0);
    const tagId = [...sim.state.tags.keys()][0] ?? '';
    expect(
      (await wx.post(`${B}/externalcontact/mark_tag`, { userid: follow.userid, external_userid: external, add_tag: [tagId] })).json.errcode,
    ).toBe(0);
    const got = externalContactGetResponseSchema.parse((await wx.get(`${B}/externalcontact/get`, { external_userid: external })).json);
    const f = got.follow_user.find((x) => x.userid === follow.userid);
    expect(f?.remark).toBe('新备注');
    expect(f?.remark_mobiles).toEqual(['13900000000']);
    expect(f?.tags?.some((t) => t.tag_id === tagId && t.type === 1)).toBe(true);
    const stranger = [...sim.state.users.keys()].find((u) => !sim.state.findFollow(u, external)) ?? '';
    expect(
      (await wx.post(`${B}/externalcontact/mark_tag`, { userid: stranger, external_userid: external, add_tag: [tagId] })).json.errcode,
    ).toBe(84061);
    expect(
      (await wx.post(`${B}/externalcontact/mark_tag`, { userid: follow.userid, external_userid: external, add_tag: ['etNOPE'] })).json
        .errcode,
    ).toBe(40068);
    expect((await wx.post(`${B}/externalcontact/mark_tag`, { userid: follow.userid, external_userid: external })).json.errcode).toBe(40058);
  });
});

describe('corp tags', () => {
  it('add, edit, list and delete corp tags with WeCom shapes; deleted tags leave customers and answer deleted:true by id', async () => {
    const added = addCorpTagResponseSchema.parse(
      (await wx.post(`${B}/externalcontact/add_corp_tag`, { group_name: '测试分组', tag: [{ name: 'A' }, { name: 'B' }, { name: 'A' }] }))
        .json,
    );
    expect(added.tag_group.tag.map((t) => t.name)).toEqual(['A', 'B']);
    const tagA = added.tag_group.tag[0]?.id ?? '';
    expect(
      (await wx.post(`${B}/externalcontact/add_corp_tag`, { group_id: added.tag_group.group_id, tag: [{ name: 'B' }] })).json.errcode,
    ).toBe(40071);
    expect((await wx.post(`${B}/externalcontact/edit_corp_tag`, { id: tagA, name: 'A2' })).json.errcode).toBe(0);
    const all = getCorpTagListResponseSchema.parse((await wx.post(`${B}/externalcontact/get_corp_tag_list`, {})).json);
    expect(
      all.tag_group
        .find((g) => g.group_id === added.tag_group.group_id)
        ?.tag.map((t) => t.name)
        .sort(),
    ).toEqual(['A2', 'B']);
    expect(all.tag_group.every((g) => g.deleted === undefined)).toBe(true);

    const c = [...sim.state.customers.values()][0];
    const f = c?.follows[0];
    if (!c || !f) throw new Error('no customer');
    await wx.post(`${B}/externalcontact/mark_tag`, { userid: f.userid, external_userid: c.contact.external_userid, add_tag: [tagA] });
    expect((await wx.post(`${B}/externalcontact/del_corp_tag`, { tag_id: [tagA] })).json.errcode).toBe(0);
    const got = externalContactGetResponseSchema.parse(
      (await wx.get(`${B}/externalcontact/get`, { external_userid: c.contact.external_userid })).json,
    );
    expect(got.follow_user.flatMap((x) => x.tags ?? []).some((t) => t.tag_id === tagA)).toBe(false);
    const byId = getCorpTagListResponseSchema.parse((await wx.post(`${B}/externalcontact/get_corp_tag_list`, { tag_id: [tagA] })).json);
    expect(byId.tag_group[0]?.tag[0]).toMatchObject({ id: tagA, deleted: true });
    expect((await wx.post(`${B}/externalcontact/del_corp_tag`, {})).json.errcode).toBe(40058);
  });
});

describe('group chats', () => {
  it('groupchat/list requires limit 1..1000, pages with a cursor and filters by owner; groupchat/get names members only with need_name', async () => {
    for (const limit of [0, 1001, undefined]) {
      expect((await wx.post(`${B}/externalcontact/groupchat/list`, { limit })).json.errcode).toBe(40058);
    }
    const ids: string[] = [];
    let cursor = '';
    do {
      const r = groupChatListResponseSchema.parse((await wx.post(`${B}/externalcontact/groupchat/list`, { limit: 4, cursor })).json);
      ids.push(...r.group_chat_list.map((g) => g.chat_id));
      cursor = r.next_cursor ?? '';
    } while (cursor);
    expect(new Set(ids).size).toBe(sim.state.groupChats.size);
    const owner = sim.state.groupChats.values().next().value?.owner ?? '';
    const mine = groupChatListResponseSchema.parse(
      (await wx.post(`${B}/externalcontact/groupchat/list`, { limit: 1000, owner_filter: { userid_list: [owner] } })).json,
    );
    expect(mine.group_chat_list.length).toBe([...sim.state.groupChats.values()].filter((g) => g.owner === owner).length);

    const plain = groupChatGetResponseSchema.parse((await wx.post(`${B}/externalcontact/groupchat/get`, { chat_id: ids[0] })).json);
    expect(plain.group_chat.member_list.every((m) => m.name === undefined)).toBe(true);
    const named = groupChatGetResponseSchema.parse(
      (await wx.post(`${B}/externalcontact/groupchat/get`, { chat_id: ids[0], need_name: 1 })).json,
    );
    expect(named.group_chat.member_list.every((m) => typeof m.name === 'string')).toBe(true);
    expect(named.group_chat.member_version).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('statistics and tickets', () => {
  it('get_user_behavior_data is deterministic and omits reply fields on days without chats', async () => {
    const today = Math.floor(Date.now() / 1000);
    const body = { userid: ['guide_001', 'guide_002'], start_time: today - 6 * day, end_time: today + day };
    const a = userBehaviorResponseSchema.parse((await wx.post(`${B}/externalcontact/get_user_behavior_data`, body)).json);
    const b = userBehaviorResponseSchema.parse((await wx.post(`${B}/externalcontact/get_user_behavior_data`, body)).json);
    expect(a).toEqual(b);
    expect(a.behavior_data).toHaveLength(8);
    const tomorrow = a.behavior_data[7];
    expect(tomorrow?.chat_cnt).toBe(0);
    expect(tomorrow).not.toHaveProperty('reply_percentage');
    expect(a.behavior_data.some((d) => d.reply_percentage !== undefined)).toBe(true);
    expect((await wx.post(`${B}/externalcontact/get_user_behavior_data`, { ...body, start_time: today - 40 * day })).json.errcode).toBe(
      40058,
    );
    expect((await wx.post(`${B}/externalcontact/get_user_behavior_data`, { start_time: today, end_time: today })).json.errcode).toBe(40058);
  });

  it("group chat statistics by day and by owner validate and count the corp's chats", async () => {
    const today = Math.floor(Date.now() / 1000);
    const byDay = groupChatStatisticByDayResponseSchema.parse(
      (await wx.post(`${B}/externalcontact/groupchat/statistic_group_by_day`, { day_begin_time: today - 2 * day, day_end_time: today }))
        .json,
    );
    expect(byDay.items).toHaveLength(3);
    expect(byDay.items[2]?.data.chat_total).toBe(sim.state.groupChats.size);
    const byOwner = groupChatStatisticResponseSchema.parse(
      (await wx.post(`${B}/externalcontact/groupchat/statistic`, { day_begin_time: today - day, limit: 2 })).json,
    );
    expect(byOwner.items.length).toBeLessThanOrEqual(2);
    expect(byOwner.next_offset).toBe(byOwner.items.length);
  });

  it('jsapi tickets: the same ticket while valid; ticket/get requires type=agent_config', async () => {
    const corp1 = ticketResponseSchema.parse((await wx.get(`${B}/get_jsapi_ticket`)).json);
    const corp2 = ticketResponseSchema.parse((await wx.get(`${B}/get_jsapi_ticket`)).json);
    expect(corp1.ticket).toBe(corp2.ticket);
    const agent = ticketResponseSchema.parse((await wx.get(`${B}/ticket/get`, { type: 'agent_config' })).json);
    expect(agent.ticket).not.toBe(corp1.ticket);
    expect((await wx.get(`${B}/ticket/get`)).json.errcode).toBe(40058);
  });

  it('auth/getuserinfo with an unknown code is 40029', async () => {
    const r = authUserInfoResponseSchema.parse((await wx.get(`${B}/auth/getuserinfo`, { code: 'nope' })).json);
    expect(r.errcode).toBe(40029);
  });
});
