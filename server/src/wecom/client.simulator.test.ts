import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { WecomEventEntity } from '@server/entities/WecomEvent.ts';
import { startSimulator, type RunningSimulator, type Simulator } from '@server/simulator/index.ts';
import { WecomClient, setWecomClientOptions, wecomClientFor, wecomClientOptionsFromConfig } from './client.ts';
import { SIMULATOR_CORP } from './simulator-corp.ts';
import { isInvalidUserid, isRelationGone } from './errors.ts';

/**
 * The client against the WeCom simulator over a real socket, and the
 * simulator's pushed callbacks against the real receiver: the two halves of
 * the integration meet only through WeCom's wire format.
 */
describe('WecomClient against the WeCom simulator', () => {
  let app: TestApp;
  let sim: Simulator & RunningSimulator;
  let client: WecomClient;
  let followers: string[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    sim = await startSimulator({
      corp: { customers: 60, guides: 3, groups: 4, ordersPerCustomer: 0 },
      callbackUrl: `${app.url}/wecom/callback`,
      callback: { retryDelayMs: 10, timeoutMs: 2000 },
    });
    client = new WecomClient({
      apiBase: sim.url,
      corpId: sim.corp.corpId,
      secret: sim.corp.secret,
      retry: { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 10, budget: 1000 },
    });
  });
  afterAll(async () => {
    await sim?.close();
    await app?.stop();
  });

  it('wecomClientFor(deps) uses the simulator corp in simulator mode and the apiBase set for the deps', async () => {
    expect(wecomClientOptionsFromConfig(app.deps.config)).toMatchObject({ corpId: SIMULATOR_CORP.corpId, secret: SIMULATOR_CORP.secret });
    setWecomClientOptions(app.deps, { apiBase: sim.url });
    const fromDeps = wecomClientFor(app.deps);
    expect(wecomClientFor(app.deps)).toBe(fromDeps);
    expect(fromDeps.corpId).toBe(SIMULATOR_CORP.corpId);
    expect((await fromDeps.getFollowUserList()).length).toBeGreaterThan(0);
  });

  it('reads the directory: departments, members (list, simplelist, get) and 60111 for an unknown userid', async () => {
    const depts = await client.listDepartments();
    expect(depts.some((d) => d.id === 1)).toBe(true);
    const simple = await client.simpleListUsers(1, true);
    expect(simple.length).toBeGreaterThan(0);
    const full = (await Promise.all(depts.map((d) => client.listUsers(d.id)))).flat();
    expect(full.length).toBeGreaterThan(0);
    const first = full[0]!;
    await expect(client.getUser(first.userid)).resolves.toMatchObject({ userid: first.userid, name: first.name });
    const err = await client.getUser('nobody-here').catch((e: unknown) => e);
    expect(isInvalidUserid(err)).toBe(true);
  });

  it('pages through every customer of every follower and reads one customer with all followers', async () => {
    followers = await client.getFollowUserList();
    expect(followers.length).toBeGreaterThan(0);
    const pairs: string[] = [];
    for await (const page of client.iterateCustomersByUsers(followers, { limit: 7 })) {
      expect(page.length).toBeLessThanOrEqual(7);
      pairs.push(...page.map((p) => `${p.follow_info.userid}|${p.external_contact.external_userid}`));
    }
    expect(new Set(pairs).size).toBe(pairs.length);
    const customers = new Set(pairs.map((p) => p.split('|')[1]));
    expect(customers.size).toBeGreaterThan(30);
    const [userid, externalUserid] = pairs[0]!.split('|') as [string, string];
    const detail = await client.getExternalContact(externalUserid);
    expect(detail.follow_user.map((f) => f.userid)).toContain(userid);
    expect(detail.follow_user).toHaveLength(pairs.filter((p) => p.endsWith(`|${externalUserid}`)).length);
  });

  it('manages corp tags and marks/remarks a customer through the API', async () => {
    const before = await client.getCorpTagList();
    const group = await client.addCorpTag({ group_name: '集成测试', tag: [{ name: '甲' }, { name: '乙' }] });
    expect(group.tag.map((t) => t.name).sort()).toEqual(['乙', '甲'].sort());
    const tagA = group.tag[0]!.id;
    await client.editCorpTag({ id: tagA, name: '甲改' });
    const after = await client.getCorpTagList({ group_id: [group.group_id] });
    expect(after[0]?.tag.some((t) => t.name === '甲改')).toBe(true);
    expect((await client.getCorpTagList()).length).toBe(before.length + 1);

    let pair: { userid: string; external: string } | undefined;
    for await (const page of client.iterateCustomersByUsers(followers.slice(0, 1))) {
      const p = page[0];
      if (p) pair = { userid: p.follow_info.userid, external: p.external_contact.external_userid };
      break;
    }
    expect(pair).toBeDefined();
    await client.markTag({ userid: pair!.userid, external_userid: pair!.external, add_tag: [tagA] });
    await client.remark({ userid: pair!.userid, external_userid: pair!.external, remark: '集成备注' });
    const detail = await client.getExternalContact(pair!.external);
    const follow = detail.follow_user.find((f) => f.userid === pair!.userid);
    expect(follow?.remark).toBe('集成备注');
    expect(follow?.tags?.some((t) => t.tag_id === tagA)).toBe(true);
    await client.delCorpTag({ group_id: [group.group_id] });
    expect((await client.getCorpTagList()).length).toBe(before.length);
  });

  it('lists group chats with paging and reads each one', async () => {
    const chats: string[] = [];
    for await (const page of client.iterateGroupChats({}, { limit: 1 })) chats.push(...page.map((c) => c.chat_id));
    expect(chats).toHaveLength(4);
    const chat = await client.getGroupChat(chats[0]!);
    expect(chat.chat_id).toBe(chats[0]);
    expect(chat.member_list.length).toBeGreaterThan(0);
  });

  it('reads behaviour and group statistics for the last week', async () => {
    const end = Math.floor(Date.now() / 1000) - 86_400;
    const start = end - 6 * 86_400;
    const days = await client.getUserBehaviorData({ userid: followers.slice(0, 2), start_time: start, end_time: end });
    expect(days.length).toBeGreaterThan(0);
    const byDay = await client.groupChatStatisticByDay({
      day_begin_time: start,
      day_end_time: end,
      owner_filter: { userid_list: followers },
    });
    expect(Array.isArray(byDay)).toBe(true);
  });

  it('gets JS-SDK tickets once (cached) and resolves an OAuth code to the member', async () => {
    const [t1, t2, a1] = await Promise.all([client.getJsapiTicket(), client.getJsapiTicket(), client.getAgentConfigTicket()]);
    expect(t1).toBe(t2);
    expect(a1).not.toBe('');
    const auth = new URL(`${sim.url}/connect/oauth2/authorize`);
    auth.search = new URLSearchParams({
      appid: sim.corp.corpId,
      redirect_uri: 'http://127.0.0.1/cb',
      response_type: 'code',
      scope: 'snsapi_base',
      state: 's',
      userid: followers[0]!,
    }).toString();
    const res = await fetch(auth, { redirect: 'manual' });
    const code = new URL(res.headers.get('location') ?? 'http://x/').searchParams.get('code');
    expect(code).toBeTruthy();
    await expect(client.getUserInfoByCode(code!)).resolves.toMatchObject({ userid: followers[0] });
    await expect(client.getUserInfoByCode(code!)).rejects.toMatchObject({ errcode: 40029 });
  });

  it('survives injected failures (-1, HTTP 502) and tokens expiring mid-stream (42001) without losing a page', async () => {
    let expected = 0;
    for await (const page of client.iterateCustomersByUsers(followers, { limit: 10 })) expected += page.length;
    sim.switches.update({ failureRate: 0.25, seed: 11 });
    try {
      let pairs = 0;
      let pages = 0;
      for await (const page of client.iterateCustomersByUsers(followers, { limit: 10 })) {
        pairs += page.length;
        // WeCom may invalidate a token early: the next call gets 42001 and must refresh and go on.
        if (++pages % 2 === 0) sim.tokens.expireAll();
      }
      expect(pairs).toBe(expected);
    } finally {
      sim.switches.update({ failureRate: 0 });
    }
  });

  it('delivers client-side changes as encrypted callbacks that the receiver stores once, and the relation-gone error after deletion', async () => {
    const repo = app.deps.ds.getRepository(WecomEventEntity);
    const before = await repo.count();
    const added = sim.mutations.addFollow({ userid: followers[0]!, state: 'it-test' });
    const externalUserid = added.result.external_userid;
    sim.mutations.deleteFollow({ userid: followers[0]!, external_userid: externalUserid, by: 'customer' });
    await sim.flushCallbacks();
    const rows = await repo.find({ order: { id: 'ASC' } });
    const fresh = rows.slice(before);
    expect(fresh.map((r) => [r.event, r.changeType, r.status])).toEqual([
      ['change_external_contact', 'add_external_contact', 'queued'],
      ['change_external_contact', 'del_follow_user', 'queued'],
    ]);
    expect(fresh[0]?.payload).toContain(externalUserid);
    expect(sim.pendingCallbacks()).toHaveLength(0);
    // The customer had only this follower: WeCom now answers 84061 (or 40096) for it.
    const err = await client.getExternalContact(externalUserid).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'WecomApiError' });
    expect(isRelationGone(err) || (err as { errcode: number }).errcode === 40096).toBe(true);
  });
});

describe("the simulator's pushed callbacks parse as known events in the receiver", () => {
  it('tag, group and contact events from admin mutations are all queued (none ignored)', async () => {
    const app = await startTestApp();
    const sim = await startSimulator({
      corp: { customers: 10, guides: 2, groups: 1, ordersPerCustomer: 0 },
      callbackUrl: `${app.url}/wecom/callback`,
      callback: { retryDelayMs: 10, timeoutMs: 2000 },
    });
    try {
      const owner = [...sim.state.users.keys()][0]!;
      const other = [...sim.state.users.keys()][1]!;
      const tags = sim.mutations.createCorpTags({ group_name: '回调测试', tag: [{ name: 'A' }] });
      sim.mutations.updateCorpTag({ id: tags.result.tag_ids[0]!, name: 'B' });
      const chat = sim.mutations.createGroupChat({ owner, name: '群', members: [] });
      sim.mutations.updateGroupChat({ chat_id: chat.result.chat_id, update_detail: 'add_member', members: [other], join_scene: 3 });
      sim.mutations.updateGroupChat({ chat_id: chat.result.chat_id, update_detail: 'del_member', members: [other], quit_scene: 1 });
      sim.mutations.updateGroupChat({ chat_id: chat.result.chat_id, update_detail: 'change_name', name: '新群名' });
      sim.mutations.dismissGroupChat({ chat_id: chat.result.chat_id });
      sim.mutations.deleteCorpTags({ group_id: [tags.result.group_id] });
      await sim.flushCallbacks();
      const rows = await app.deps.ds.getRepository(WecomEventEntity).find({ order: { id: 'ASC' } });
      expect(rows.map((r) => `${r.event}/${r.changeType}/${r.status}`)).toEqual([
        'change_external_tag/create/queued',
        'change_external_tag/update/queued',
        'change_external_chat/create/queued',
        'change_external_chat/update/queued',
        'change_external_chat/update/queued',
        'change_external_chat/update/queued',
        'change_external_chat/dismiss/queued',
        'change_external_tag/delete/queued',
      ]);
      expect(rows[3]?.payload).toContain(other);
    } finally {
      await sim.close();
      await app.stop();
    }
  });
});
