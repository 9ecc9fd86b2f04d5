import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WecomEventEntity } from '@server/entities/WecomEvent.ts';
import { buildEventXml } from '@server/wecom/callback-xml.ts';
import { jobRunnerFor } from '@server/jobs/index.ts';
import { processQueuedEvents, WECOM_EVENTS_JOB } from '@server/features/wecom-callback/index.ts';
import { runFullSync } from '@server/features/sync/full-sync.ts';
import { registerFeatureJobs } from '@server/jobs-bootstrap.ts';
import type { TestApp } from '../support/test-app.ts';
import { count, startAppFor, startSmallSim, type Sim } from './support.ts';

describe('callback events move the database as WeCom would', () => {
  let sim: Sim;
  let app: TestApp;
  const q = <T>(sql: string, params: unknown[] = []): Promise<T[]> => app.deps.ds.query(sql, params);
  /** Waits until every pushed callback was delivered, stored and processed. */
  const settle = async () => {
    await sim.flushCallbacks();
    const deadline = Date.now() + 10_000;
    for (;;) {
      await jobRunnerFor(app.deps).whenIdle(WECOM_EVENTS_JOB);
      if ((await count(app.deps.ds, "SELECT COUNT(*) FROM wecom_event WHERE status = 'queued'")) === 0) return;
      if (Date.now() > deadline) throw new Error('callback queue did not drain');
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const follow = (ext: string, userid: string) =>
    q<{ id: number; remark: string | null; lost_at: unknown; lost_reason: string | null }>(
      'SELECT f.id, f.remark, f.lost_at, f.lost_reason FROM customer_follow f JOIN customer c ON c.id = f.customer_id JOIN staff s ON s.id = f.staff_id WHERE c.external_userid = ? AND s.userid = ?',
      [ext, userid],
    ).then((r) => r[0]);
  const interactions = (type: string) => count(app.deps.ds, 'SELECT COUNT(*) FROM interaction WHERE type = ?', [type]);
  /** The n-th customer with a relation (distinct per test: identical events within one second are one delivery). */
  const someFollow = (n = 0) => {
    const c = [...sim.state.customers.values()].filter((x) => x.follows.length > 0 && sim.state.followUsers.has(x.follows[0]!.userid))[n]!;
    return { ext: c.contact.external_userid, userid: c.follows[0]!.userid };
  };

  beforeAll(async () => {
    sim = await startSmallSim();
    app = await startAppFor(sim, { CALLBACK_POLL_SECONDS: '0', SYNC_DAILY_AT: 'off' });
    await runFullSync(app.deps);
    await registerFeatureJobs(app.deps, { only: ['wecom-callback'] });
  });
  afterAll(async () => {
    await app?.stop();
    await sim?.close();
  });

  it('add_external_contact creates the customer, relation and tags, with one friend_added', async () => {
    const userid = [...sim.state.followUsers][0]!;
    const tag = [...sim.state.tags.keys()][0]!;
    const before = await interactions('friend_added');
    const { result } = sim.mutations.addFollow({ userid, remark: '新客户', tag_ids: [tag], state: 'qr-store-1' });
    await settle();
    const f = await follow(result.external_userid, userid);
    expect(f).toMatchObject({ remark: '新客户', lost_at: null });
    const tags = await q<{ tag_id: string }>('SELECT tag_id FROM customer_tag WHERE follow_id = ?', [f!.id]);
    expect(tags.map((t) => t.tag_id)).toEqual([tag]);
    expect(await interactions('friend_added')).toBe(before + 1);
    const events = await q<{ status: string }>("SELECT status FROM wecom_event WHERE change_type = 'add_external_contact'");
    expect(events).toEqual([{ status: 'processed' }]);
  });

  it('edit_external_contact re-reads remark and tags and records remark/tag interactions', async () => {
    const { ext, userid } = someFollow();
    const tag = [...sim.state.tags.keys()].find((t) => !sim.state.findFollow(userid, ext)!.tagIds.includes(t))!;
    sim.mutations.editCustomer({ userid, external_userid: ext, remark: '老顾客', add_tag: [tag] });
    await settle();
    const f = await follow(ext, userid);
    expect(f?.remark).toBe('老顾客');
    expect(await count(app.deps.ds, 'SELECT COUNT(*) FROM customer_tag WHERE follow_id = ? AND tag_id = ?', [f!.id, tag])).toBe(1);
    expect(await interactions('remark_changed')).toBeGreaterThanOrEqual(1);
    expect(await interactions('tag_added')).toBeGreaterThanOrEqual(1);
  });

  it('del_external_contact marks the relation lost by the guide, del_follow_user by the customer', async () => {
    const customers = [...sim.state.customers.values()].filter(
      (c) => c.follows.length > 0 && sim.state.followUsers.has(c.follows[0]!.userid),
    );
    const a = customers[3]!;
    const b = customers[4]!;
    const lostBefore = await interactions('friend_lost');
    sim.mutations.deleteFollow({ userid: a.follows[0]!.userid, external_userid: a.contact.external_userid, by: 'staff' });
    sim.mutations.deleteFollow({ userid: b.follows[0]!.userid, external_userid: b.contact.external_userid, by: 'customer' });
    // deleteFollow removed the relation from the sim's list; read the userid we used.
    await settle();
    const fa = await q<{ lost_reason: string | null }>(
      'SELECT f.lost_reason FROM customer_follow f JOIN customer c ON c.id = f.customer_id WHERE c.external_userid = ? AND f.lost_at IS NOT NULL',
      [a.contact.external_userid],
    );
    const fb = await q<{ lost_reason: string | null }>(
      'SELECT f.lost_reason FROM customer_follow f JOIN customer c ON c.id = f.customer_id WHERE c.external_userid = ? AND f.lost_at IS NOT NULL',
      [b.contact.external_userid],
    );
    expect(fa.map((r) => r.lost_reason)).toEqual(['staff_deleted_customer']);
    expect(fb.map((r) => r.lost_reason)).toEqual(['customer_deleted_staff']);
    expect(await interactions('friend_lost')).toBe(lostBefore + 2);
  });

  it('group create, member changes, rename and dismiss follow the group chat', async () => {
    const owner = [...sim.state.followUsers][0]!;
    const ext = [...sim.state.customers.keys()].slice(0, 3);
    const { result } = sim.mutations.createGroupChat({ owner, name: '新品群', members: ext.slice(0, 2) });
    await settle();
    const chat = () =>
      q<{ id: number; name: string; member_count: number; dismissed_at: unknown }>(
        'SELECT id, name, member_count, dismissed_at FROM group_chat WHERE chat_id = ?',
        [result.chat_id],
      ).then((r) => r[0]);
    expect(await chat()).toMatchObject({ name: '新品群', member_count: 3, dismissed_at: null });
    const joinsBefore = await interactions('group_join');
    sim.mutations.updateGroupChat({ chat_id: result.chat_id, update_detail: 'add_member', members: [ext[2]!] });
    sim.mutations.updateGroupChat({ chat_id: result.chat_id, update_detail: 'del_member', members: [ext[0]!] });
    sim.mutations.updateGroupChat({ chat_id: result.chat_id, update_detail: 'change_name', name: '老客群' });
    await settle();
    const c = (await chat())!;
    expect(c).toMatchObject({ name: '老客群', member_count: 3 });
    expect(await interactions('group_join')).toBe(joinsBefore + 1);
    expect(
      await count(app.deps.ds, 'SELECT COUNT(*) FROM group_member WHERE group_id = ? AND userid = ? AND left_at IS NOT NULL', [
        c.id,
        ext[0],
      ]),
    ).toBe(1);
    expect(await interactions('group_leave')).toBeGreaterThanOrEqual(1);
    sim.mutations.dismissGroupChat({ chat_id: result.chat_id });
    await settle();
    expect((await chat())!.dismissed_at).not.toBeNull();
  });

  it('tag create, rename and delete mirror the corp tag list and drop deleted tags from customers', async () => {
    const created = sim.mutations.createCorpTags({ group_name: '会员等级', tag: [{ name: '金卡' }, { name: '银卡' }] });
    await settle();
    expect(await count(app.deps.ds, "SELECT COUNT(*) FROM tag_group WHERE name = '会员等级' AND deleted = ?", [0])).toBe(1);
    const [gold] = created.result.tag_ids;
    sim.mutations.updateCorpTag({ id: gold!, name: '黑金卡' });
    await settle();
    expect(await count(app.deps.ds, "SELECT COUNT(*) FROM tag WHERE id = ? AND name = '黑金卡'", [gold])).toBe(1);
    const { ext, userid } = someFollow(7);
    sim.mutations.editCustomer({ userid, external_userid: ext, add_tag: [gold!] });
    await settle();
    expect(await count(app.deps.ds, 'SELECT COUNT(*) FROM customer_tag WHERE tag_id = ?', [gold])).toBe(1);
    sim.mutations.deleteCorpTags({ tag_id: [gold!] });
    await settle();
    expect(await count(app.deps.ds, 'SELECT COUNT(*) FROM tag WHERE id = ? AND deleted = ?', [gold, 1])).toBe(1);
    expect(await count(app.deps.ds, 'SELECT COUNT(*) FROM customer_tag WHERE tag_id = ?', [gold])).toBe(0);
  });

  it('a repeated delivery and reprocessing change nothing', async () => {
    const userid = [...sim.state.followUsers][1]!;
    const { callbacks } = sim.mutations.addFollow({ userid, remark: '重复' });
    await settle();
    const snapshot = async () => ({
      events: await count(app.deps.ds, 'SELECT COUNT(*) FROM wecom_event'),
      interactions: await count(app.deps.ds, 'SELECT COUNT(*) FROM interaction'),
      follows: await count(app.deps.ds, 'SELECT COUNT(*) FROM customer_follow'),
    });
    const before = await snapshot();
    // Mark the event queued again and process: the relation and interactions stay as they are.
    await app.deps.ds.query("UPDATE wecom_event SET status = 'queued' WHERE change_type = 'add_external_contact'");
    await processQueuedEvents(app.deps);
    expect(await snapshot()).toEqual(before);
    expect(callbacks.length).toBe(1);
  });

  it('an event whose API re-read keeps failing is retried with backoff, then marked failed', async () => {
    const { ext, userid } = someFollow(9);
    // Stored directly (as the receiver would) so only this test's processor call sees it.
    const xml = buildEventXml({
      ToUserName: sim.corp.corpId,
      FromUserName: 'sys',
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'event',
      Event: 'change_external_contact',
      ChangeType: 'edit_external_contact',
      UserID: userid,
      ExternalUserID: ext,
    });
    await app.deps.ds.getRepository(WecomEventEntity).insert({
      dedupeKey: 'test-failing-event',
      corpId: sim.corp.corpId,
      event: 'change_external_contact',
      changeType: 'edit_external_contact',
      eventTime: new Date(),
      payload: xml,
      status: 'queued',
      attempts: 0,
      error: null,
      receivedAt: new Date(),
      processedAt: null,
    });
    let result = await processQueuedEvents(app.deps, { maxAttempts: 2, backoffMs: 10, api: failingApi() });
    expect(result.retryLater).toBe(1);
    await new Promise((r) => setTimeout(r, 30));
    result = await processQueuedEvents(app.deps, { maxAttempts: 2, backoffMs: 10, api: failingApi() });
    expect(result.failed).toBe(1);
    const rows = await q<{ status: string; attempts: number; error: string | null }>(
      "SELECT status, attempts, error FROM wecom_event WHERE status = 'failed'",
    );
    expect(rows[0]).toMatchObject({ status: 'failed', attempts: 2 });
    expect(rows[0]!.error).toMatch(/down/);
  });
});

/** An API whose every call fails (WeCom unreachable). */
function failingApi() {
  const down = async (): Promise<never> => {
    throw new Error('WeCom is down');
  };
  return { getExternalContact: down, getGroupChat: down, getCorpTagList: down };
}
