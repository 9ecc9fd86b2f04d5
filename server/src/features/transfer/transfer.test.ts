import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transferJobDetailSchema, transferOptionsSchema, transferPreviewSchema, type TransferJobDetail } from '@shared/api/transfer.ts';
import { customerProfileResponseSchema } from '@shared/api/customers.ts';
import { customerOpenResponseSchema } from '@shared/api/open.ts';
import { timelineResponseSchema } from '@shared/api/timeline.ts';
import { shanghaiDay } from '@shared/time.ts';
import { dbTime, fromDbTime } from '@server/db/sql.ts';
import { jobRunnerFor } from '@server/jobs/index.ts';
import { registerFeatureJobs } from '@server/jobs-bootstrap.ts';
import { sessionHeaders } from '../../../../tests/support/auth.ts';
import { startSimApp, type SimApp } from '../../../../tests/support/sim-app.ts';
import { setTransferRunOptions } from './transfer-run.ts';
import { TRANSFER_JOB } from './transfer.jobs.ts';

const TRANSFER_CUSTOMER = '/cgi-bin/externalcontact/resigned/transfer_customer';

describe('transfers through the WeCom simulator: 离职继承 by filter in batches, 90-day rule, refusal, crash, history, 在职转接', () => {
  let s: SimApp;
  const staff = new Map<string, number>();
  let admin = '';
  let store = 0;
  let rule90 = '';
  let job: TransferJobDetail;

  const q = <T>(sql: string, params: unknown[] = []) => s.app.deps.ds.query(sql, params) as Promise<T[]>;
  const as = async (userid: string) => ({ ...(await sessionHeaders(s.app, userid)), 'content-type': 'application/json' });
  const call = async (userid: string, path: string, body?: unknown) => {
    const res = await s.app.request(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: await as(userid),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const idle = () => jobRunnerFor(s.app.deps).whenIdle(TRANSFER_JOB, 60_000);
  const runNow = async () => {
    await jobRunnerFor(s.app.deps).enqueue(TRANSFER_JOB, {}, { jobId: 'transfer.run:pending' });
    await idle();
  };
  const detail = async (id: number, query = '') =>
    transferJobDetailSchema.parse((await call(admin, `/api/transfer/jobs/${id}${query}`)).body);
  const customerId = async (ext: string) =>
    Number((await q<{ id: number }>('SELECT id FROM customer WHERE external_userid = ?', [ext]))[0]?.id);

  beforeAll(async () => {
    s = await startSimApp({ ARCHIVE_PULL_INTERVAL_SECONDS: '0' }, { customers: 300, guides: 3, groups: 3 });
    for (const r of await q<{ id: number; userid: string; role: string }>('SELECT id, userid, role FROM staff')) {
      staff.set(r.userid, Number(r.id));
      if (r.role === 'admin') admin = r.userid;
    }
    // guide_001 follows all 300 customers (in WeCom and in our records) and owns the first group chat.
    for (const c of s.sim.state.customers.values()) {
      const first = c.follows[0];
      if (first && !c.follows.some((f) => f.userid === 'guide_001'))
        s.sim.state.putFollow(c.contact.external_userid, { ...first, userid: 'guide_001' });
    }
    const g1 = staff.get('guide_001');
    await q(
      `INSERT INTO customer_follow (customer_id, staff_id, remark_mobiles, add_way, added_at)
       SELECT c.id, ?, '[]', 1, ? FROM customer c WHERE NOT EXISTS (SELECT 1 FROM customer_follow f WHERE f.customer_id = c.id AND f.staff_id = ?)`,
      [g1, dbTime(new Date(Date.now() - 100 * 86_400_000)), g1],
    );
    const chat = [...s.sim.state.groupChats.values()][0];
    if (chat) {
      chat.owner = 'guide_001';
      await q('UPDATE group_chat SET owner_userid = ? WHERE chat_id = ?', ['guide_001', chat.chat_id]);
    }
    // guide_002 and guide_003 share a store; guide_001 leaves (WeCom lists their customers as unassigned; the sync marks them 5).
    store = Number(
      (await q<{ department_id: number }>('SELECT department_id FROM staff_department WHERE staff_id = ?', [staff.get('guide_002')]))[0]
        ?.department_id,
    );
    await q('DELETE FROM staff_department WHERE staff_id = ?', [staff.get('guide_003')]);
    await q('INSERT INTO staff_department (staff_id, department_id, is_leader) VALUES (?, ?, 0)', [staff.get('guide_003'), store]);
    s.sim.transfers.resign('guide_001', s.sim.transfers.now() - 3 * 86_400);
    await q('UPDATE staff SET status = 5 WHERE userid = ?', ['guide_001']);
    // One customer was already transferred twice in the last 90 days (WeCom's limit).
    rule90 = [...s.sim.state.customers.keys()][7] ?? '';
    s.sim.transfers.recordPast(rule90, [s.sim.transfers.now() - 10 * 86_400, s.sim.transfers.now() - 20 * 86_400]);
    s.sim.callbacks.setTarget({ url: `${s.app.url}/wecom/callback`, retryDelayMs: 0 });
    await registerFeatureJobs(s.app.deps, { only: ['wecom-callback', 'transfer'] });
  });
  afterAll(async () => s?.stop());

  it("offers the resigned guide with WeCom's waiting count, counts by filter, and refuses guides", async () => {
    const options = transferOptionsSchema.parse((await call(admin, '/api/transfer/options')).body);
    expect(options.guides.find((g) => g.userid === 'guide_001')).toMatchObject({ resigned: true, customers: 300 });
    const all = transferPreviewSchema.parse(
      (await call(admin, '/api/transfer/preview', { filter: { handoverStaffId: staff.get('guide_001') }, includeGroups: true })).body,
    );
    expect(all).toMatchObject({ kind: 'resigned', customers: 300, groups: 1 });
    const loyal = Number(
      (await q<{ n: number }>("SELECT COUNT(*) AS n FROM customer WHERE lifecycle_stage IN ('loyal', 'purchased')"))[0]?.n,
    );
    const narrowed = transferPreviewSchema.parse(
      (
        await call(admin, '/api/transfer/preview', {
          filter: { handoverStaffId: staff.get('guide_001'), lifecycles: ['loyal', 'purchased'] },
        })
      ).body,
    );
    expect(narrowed.customers).toBe(loyal);
    expect((await call('guide_002', '/api/transfer/preview', { filter: { handoverStaffId: staff.get('guide_001') } })).status).toBe(403);
    // Nothing starts when the count the manager confirmed is stale.
    const stale = await call(admin, '/api/transfer/jobs', {
      filter: { handoverStaffId: staff.get('guide_001') },
      takeover: { mode: 'store', storeId: store },
      expectedCount: 299,
    });
    expect(stale).toMatchObject({ status: 409, body: { error: { id: 'transfer_count_changed' } } });
    expect(Number((await q<{ n: number }>('SELECT COUNT(*) AS n FROM transfer_item'))[0]?.n)).toBe(0);
  });

  it('moves 300 customers to the two guides of a store in batches of ≤ 100, resuming a crash without sending anyone twice', async () => {
    let batches = 0;
    setTransferRunOptions(s.app.deps, {
      afterCall: ({ target }) => {
        // WeCom has answered the second batch; the process dies before storing the answer.
        if (target === 'customer' && ++batches === 2) throw new Error('simulated crash');
      },
    });
    const created = await call(admin, '/api/transfer/jobs', {
      filter: { handoverStaffId: staff.get('guide_001') },
      takeover: { mode: 'store', storeId: store },
      includeGroups: true,
      expectedCount: 300,
    });
    expect(created.status).toBe(201);
    job = transferJobDetailSchema.parse(created.body);
    await idle();
    setTransferRunOptions(s.app.deps, {});
    job = await detail(job.id);
    expect(job.counts).toMatchObject({ total: 301, queued: 0, waiting: 299, transferred: 1, failed: 1 });
    // 150 customers per guide → 100 + 50 each: four calls, each customer started exactly once.
    expect(s.sim.stats.snapshot().endpoints[TRANSFER_CUSTOMER]?.calls).toBe(4);
    const started = s.sim.transfers.transfers.map((t) => t.externalUserid);
    expect(started).toHaveLength(299);
    expect(new Set(started).size).toBe(299);
    const perGuide = await q<{ takeover_userid: string; n: number }>(
      "SELECT takeover_userid, COUNT(*) AS n FROM transfer_item WHERE target = 'customer' GROUP BY takeover_userid ORDER BY takeover_userid",
    );
    expect(perGuide.map((r) => [r.takeover_userid, Number(r.n)])).toEqual([
      ['guide_002', 150],
      ['guide_003', 150],
    ]);
    const failed = await detail(job.id, '?state=failed');
    expect(failed.items).toHaveLength(1);
    expect(failed.items[0]).toMatchObject({ errcode: 40128, reason: '客户转接过于频繁：90 天内每位客户最多转接 2 次，请稍后重试' });
    const groups = (await detail(job.id, '?state=transferred')).items;
    expect(groups[0]).toMatchObject({ target: 'group', stateLabel: '已转接' });
    expect([...s.sim.state.groupChats.values()].filter((c) => c.owner === 'guide_001')).toHaveLength(0);
  });

  it("shows a refusal from the transfer_fail callback, and completes the rest after WeCom's 24 h", async () => {
    const refused = s.sim.transfers.transfers[5]?.externalUserid ?? '';
    const res = await fetch(`${s.sim.url}/sim/admin/transfer/refuse`, {
      method: 'POST',
      body: JSON.stringify({ externalUserid: refused }),
    });
    expect(res.status).toBe(200);
    await s.sim.flushCallbacks();
    for (let i = 0; i < 100; i++) {
      if ((await detail(job.id)).counts.failed === 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const failed = await detail(job.id, '?state=failed');
    expect(failed.items.map((i) => i.reason)).toContain('客户拒绝了转接');

    await fetch(`${s.sim.url}/sim/admin/transfer/clock`, { method: 'POST', body: JSON.stringify({ advanceHours: 25 }) });
    await runNow();
    job = await detail(job.id);
    expect(job.counts).toMatchObject({ waiting: 0, transferred: 299, failed: 2 });
    expect(job.status).toBe('finished');
    const moved = Number(
      (
        await q<{ n: number }>(
          "SELECT COUNT(*) AS n FROM customer_follow WHERE staff_id = ? AND lost_at IS NOT NULL AND lost_reason = 'transferred'",
          [staff.get('guide_001')],
        )
      )[0]?.n,
    );
    expect(moved).toBe(298);
    const refusedId = await customerId(refused);
    expect(
      (
        await q<{ lost_at: unknown }>('SELECT lost_at FROM customer_follow WHERE customer_id = ? AND staff_id = ?', [
          refusedId,
          staff.get('guide_001'),
        ])
      )[0]?.lost_at,
    ).toBeNull();
  });

  it('retries the 90-day failure once the window has passed', async () => {
    await fetch(`${s.sim.url}/sim/admin/transfer/clock`, { method: 'POST', body: JSON.stringify({ advanceHours: 90 * 24 }) });
    const retry = await call(admin, `/api/transfer/jobs/${job.id}/retry`, {});
    expect(retry).toMatchObject({ status: 200, body: { requeued: 2 } });
    await idle();
    job = await detail(job.id);
    expect(job.counts.waiting).toBe(2);
    await fetch(`${s.sim.url}/sim/admin/transfer/clock`, { method: 'POST', body: JSON.stringify({ advanceHours: 25 }) });
    await runNow();
    expect((await detail(job.id)).counts).toMatchObject({ transferred: 301, failed: 0 });
    const ids = await q<{ takeover_userid: string }>(
      "SELECT takeover_userid FROM transfer_item WHERE external_id = ? AND state = 'transferred'",
      [rule90],
    );
    expect(ids).toHaveLength(1);
  });

  it('on the job: the new guide sees the whole history, notes and reminders, and gets the group chats; the old guide gets 403 once WeCom completes', async () => {
    const [ext] = s.sim.state.customersByUser.get('guide_002') ?? [];
    const cid = await customerId(ext ?? '');
    const g2 = staff.get('guide_002');
    const at = dbTime(new Date(Date.now() - 3_600_000));
    await q(
      `INSERT INTO interaction (customer_id, staff_id, type, occurred_at, day, source, dedupe_key, payload, created_at)
       VALUES (?, ?, 'message_out', ?, '2026-12-01', 'archive', 'tr-msg', '{"msgtype":"text","text":"上次说的面霜到货了"}', ?)`,
      [cid, g2, at, at],
    );
    // A note and a reminder written by the old guide through the sidebar's API.
    expect((await call('guide_002', `/api/customers/${cid}/follow-ups`, { content: '肤质偏干，推荐过保湿系列' })).status).toBe(201);
    const reminder = await call('guide_002', `/api/customers/${cid}/follow-ups`, {
      content: '周末提醒到店试用',
      remindAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(reminder.status).toBe(201);
    expect((await call('guide_002', `/api/customers/${cid}`)).status).toBe(200);
    const groupsOfG2 = [...s.sim.state.groupChats.values()].filter((c) => c.owner === 'guide_002').map((c) => c.chat_id);
    expect(groupsOfG2.length).toBeGreaterThan(0);
    const preview = transferPreviewSchema.parse(
      (await call(admin, '/api/transfer/preview', { filter: { handoverStaffId: g2 }, includeGroups: true })).body,
    );
    expect(preview).toMatchObject({ kind: 'onjob', groups: groupsOfG2.length });
    const created = await call(admin, '/api/transfer/jobs', {
      filter: { handoverStaffId: g2 },
      takeover: { mode: 'staff', staffId: staff.get('guide_003') },
      message: '您好，我是新的专属顾问，之后由我为您服务',
      includeGroups: true,
      expectedCount: preview.customers,
    });
    expect(created.status).toBe(201);
    await idle();
    // Group chats move at once through groupchat/onjob_transfer, in WeCom and in our records.
    expect(s.sim.stats.snapshot().endpoints['/cgi-bin/externalcontact/groupchat/onjob_transfer']?.calls).toBe(1);
    for (const chatId of groupsOfG2) {
      expect(s.sim.state.groupChats.get(chatId)?.owner).toBe('guide_003');
      expect((await q<{ owner_userid: string }>('SELECT owner_userid FROM group_chat WHERE chat_id = ?', [chatId]))[0]?.owner_userid).toBe(
        'guide_003',
      );
    }
    // Still with guide_002 while WeCom waits.
    expect((await call('guide_002', `/api/customers/${cid}`)).status).toBe(200);
    await fetch(`${s.sim.url}/sim/admin/transfer/clock`, { method: 'POST', body: JSON.stringify({ advanceHours: 25 }) });
    await runNow();
    expect((await call('guide_002', `/api/customers/${cid}`)).status).toBe(403);
    expect((await call('guide_002', `/api/customers/${cid}/timeline`)).status).toBe(403);
    // WeCom's del_external_contact (Source DELETE_BY_TRANSFER) for the old relation is a hand-over, not a deletion.
    await s.sim.flushCallbacks();
    const lostReason = async () =>
      (
        await q<{ reason: string }>('SELECT lost_reason AS reason FROM customer_follow WHERE customer_id = ? AND staff_id = ?', [cid, g2])
      )[0]?.reason;
    const pending = async () => Number((await q<{ n: number }>("SELECT COUNT(*) AS n FROM wecom_event WHERE status <> 'processed'"))[0]?.n);
    for (const deadline = Date.now() + 60_000; (await pending()) > 0 && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 50));
    expect(await lostReason()).toBe('transferred');
    const deletions = await q<{ n: number }>(
      "SELECT COUNT(*) AS n FROM wecom_event WHERE change_type = 'del_external_contact' AND status = 'processed'",
    );
    expect(Number(deletions[0]?.n)).toBe(preview.customers);
    const timeline = timelineResponseSchema.parse(
      (await call('guide_003', `/api/customers/${cid}/timeline?types=message_in,message_out,note,transferred`)).body,
    );
    const summaries = timeline.items.map((i) => i.summary);
    expect(summaries.join()).toContain('上次说的面霜到货了');
    expect(summaries.join()).toContain('肤质偏干，推荐过保湿系列');
    const names = new Map((await q<{ userid: string; name: string }>('SELECT userid, name FROM staff')).map((r) => [r.userid, r.name]));
    // The newest entry says who handed the customer over.
    expect(timeline.items[0]).toMatchObject({
      type: 'transferred',
      typeLabel: '转交',
      summary: `由 ${names.get('guide_002')} 转交给 ${names.get('guide_003')}`,
    });
    const notes = (await call('guide_003', `/api/customers/${cid}/follow-ups`)).body as { items: Array<{ content: string }> };
    expect(notes.items.map((r) => r.content)).toEqual(expect.arrayContaining(['周末提醒到店试用', '肤质偏干，推荐过保湿系列']));
    // The open reminder moved to the new guide; the plain note stays the old guide's (reports count it for them).
    const owners = await q<{ content: string; staff_id: number }>('SELECT content, staff_id FROM follow_up WHERE customer_id = ?', [cid]);
    expect(Object.fromEntries(owners.map((o) => [o.content, Number(o.staff_id)]))).toEqual({
      周末提醒到店试用: staff.get('guide_003'),
      '肤质偏干，推荐过保湿系列': g2,
    });
    // The old guide's message stays theirs (reports attribute it before the transfer).
    expect((await q<{ staff_id: number }>("SELECT staff_id FROM interaction WHERE dedupe_key = 'tr-msg'"))[0]?.staff_id).toBe(g2);
    // The profile, in the one-call open and the profile API, says who handed the customer over and when.
    const completed = (
      await q<{ completed_at: unknown }>(
        "SELECT completed_at FROM transfer_item WHERE customer_id = ? AND takeover_userid = 'guide_003' AND state = 'transferred'",
        [cid],
      )
    )[0]?.completed_at;
    const label = `由 ${names.get('guide_002')} 转交（${shanghaiDay(fromDbTime(completed) ?? new Date(0))}）`;
    const open = customerOpenResponseSchema.parse((await call('guide_003', `/api/open/customer/${encodeURIComponent(ext ?? '')}`)).body);
    expect(open.profile.myFollow?.transferredFrom?.label).toBe(label);
    const profile = customerProfileResponseSchema.parse((await call(admin, `/api/customers/${cid}`)).body);
    expect(profile.followers.find((f) => f.userid === 'guide_003')?.transferredFrom?.label).toBe(label);
    // A customer the new guide added themselves says how they were added, not a transfer.
    await q(`INSERT INTO customer (external_userid, name) VALUES ('wm_own_add', '自己加的客户')`);
    await q(`INSERT INTO customer_follow (customer_id, staff_id, remark_mobiles, add_way, added_at) VALUES (?, ?, '[]', 1, ?)`, [
      await customerId('wm_own_add'),
      staff.get('guide_003'),
      dbTime(new Date()),
    ]);
    const own = customerOpenResponseSchema.parse((await call('guide_003', '/api/open/customer/wm_own_add')).body);
    expect(own.profile.myFollow).toMatchObject({ addWayLabel: '扫描二维码', transferredFrom: null });
  });
});
