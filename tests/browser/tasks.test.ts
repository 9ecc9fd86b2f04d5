import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { scanAlerts } from '@server/features/alerts/index.ts';
import { generateSopTasks } from '@server/features/sop/index.ts';
import { launchBrowser, screenshot } from './browser.ts';
import { bridgeCalls } from './support/wecom-stub.ts';
import {
  guideWithCustomer,
  loggedInContext,
  ownerWithGroup,
  openInWecom,
  startSidebarFixture,
  type GuideWithCustomer,
  type OwnerWithGroup,
  type SidebarFixture,
} from './support/sidebar-fixture.ts';

/** 今日任务 on home, the customer page and the group page; a task is done by sending its script through the send sheet and the stubbed bridge. */
describe('今日任务 in the sidebar', () => {
  let fx: SidebarFixture;
  let browser: Browser;
  let guide: GuideWithCustomer;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    fx = await startSidebarFixture();
    browser = await launchBrowser();
    guide = await guideWithCustomer(fx.app);
    // The customer went silent 31 days ago: 沉默唤醒 creates today's task for their guide.
    const ds = fx.app.deps.ds;
    await ds.query("UPDATE sop_rule SET enabled = CASE WHEN trigger_kind = 'silent' THEN 1 ELSE 0 END");
    await ds.query('UPDATE customer SET last_interaction_at = NULL');
    await ds.query('UPDATE customer SET last_interaction_at = ? WHERE id = ?', [
      new Date(Date.now() - 31 * 86_400_000).toISOString().replace('T', ' ').slice(0, 19),
      guide.customerId,
    ]);
    await ds.query("UPDATE customer_follow SET salutation = '黄姐', remark = '私密备注' WHERE customer_id = ?", [guide.customerId]);
    expect(await generateSopTasks(ds, new Date())).toBe(1);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await fx?.stop();
  });

  it('shows the task on home with its full message (375 px)', async () => {
    const context = await loggedInContext(browser, fx.app, guide.userid);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${fx.app.url}/home`);
    await page.getByRole('heading', { name: '今日任务' }).waitFor();
    const text = await page.locator('[data-test="task-text"]').first().textContent();
    expect(text).toMatch(/^黄姐好久不见！/);
    expect(text).not.toContain('私密备注');
    await screenshot(page, 'tasks-home-375');
  });

  it('completes the task from the customer page by sending its script into the open chat', async () => {
    const page = await openInWecom(browser, fx.app, contexts, guide.userid, {
      entry: 'single_chat_tools',
      externalUserid: guide.externalUserid,
    });
    await page.waitForURL(`**/customers/${guide.customerId}`);
    const card = page.locator('[data-test="task"]');
    await card.waitFor();
    const message = (await card.locator('[data-test="task-text"]').textContent()) ?? '';
    await screenshot(page, 'tasks-customer-375');
    await card.locator('[data-test="task-send"]').click();
    // The full message is shown once more, in the same send sheet as scripts, before it goes.
    const sheet = page.locator('.send-sheet');
    await sheet.waitFor();
    expect(await sheet.locator('[data-test="send-text"] textarea').inputValue()).toBe(message);
    expect(await sheet.textContent()).toContain('客户将收到');
    await sheet.locator('[data-test="confirm-send"]').click();
    await card.waitFor({ state: 'detached' });
    const sent = (await bridgeCalls(page)).filter((c) => c.name === 'sendChatMessage');
    expect(sent.map((c) => (c.params as { text?: { content?: string } }).text?.content)).toEqual([message]);
    const rows: Array<{ status: string; done_via: string }> = await fx.app.deps.ds.query(
      'SELECT status, done_via FROM task WHERE customer_id IS NOT NULL',
    );
    expect(rows).toEqual([{ status: 'done', done_via: 'chat' }]);
  });

  it('shows the open group chat’s task on the group page; the owner corrects the text and sends it into the group', async () => {
    const owner: OwnerWithGroup = await ownerWithGroup(fx.app);
    const ds = fx.app.deps.ds;
    // The group was created yesterday: 新群破冰 (day 1) is due today for its owner.
    await ds.query("UPDATE sop_rule SET enabled = CASE WHEN trigger_kind = 'group_created' THEN 1 ELSE 0 END");
    await ds.query('UPDATE group_chat SET create_time = ? WHERE id <> ?', ['2020-01-01 00:00:00', owner.groupId]);
    await ds.query('UPDATE group_chat SET create_time = ? WHERE id = ?', [
      new Date(Date.now() - 86_400_000).toISOString().replace('T', ' ').slice(0, 19),
      owner.groupId,
    ]);
    expect(await generateSopTasks(ds, new Date())).toBe(1);
    const page = await openInWecom(browser, fx.app, contexts, owner.userid, { entry: 'group_chat_tools', chatId: owner.chatId });
    await page.waitForURL(`**/groups/${owner.groupId}`);
    const card = page.locator('[data-test="task"]');
    await card.waitFor();
    const message = (await card.locator('[data-test="task-text"]').textContent()) ?? '';
    expect(message).toMatch(/^欢迎大家加入.+！我是.+，有问题随时在群里问我～$/);
    await card.locator('[data-test="task-send"]').click();
    const sheet = page.locator('.send-sheet');
    await sheet.waitFor();
    expect(await sheet.textContent()).toContain('群成员将收到');
    expect(await sheet.textContent()).toContain('新群破冰');
    // What the owner corrects is what the group receives.
    const corrected = `${message}本周六群内抽奖🎁`;
    await sheet.locator('[data-test="send-text"] textarea').fill(corrected);
    await screenshot(page, 'tasks-group-375');
    await sheet.locator('[data-test="confirm-send"]').click();
    await card.waitFor({ state: 'detached' });
    const sent = (await bridgeCalls(page)).filter((c) => c.name === 'sendChatMessage');
    expect(sent.map((c) => (c.params as { text?: { content?: string } }).text?.content)).toEqual([corrected]);
    const rows: Array<{ status: string; done_via: string; sent_text: string }> = await ds.query(
      'SELECT status, done_via, sent_text FROM task WHERE group_id = ?',
      [owner.groupId],
    );
    expect(rows).toEqual([{ status: 'done', done_via: 'chat', sent_text: corrected }]);
  });

  it('pushes a due reminder to the guide as a WeCom textcard, listed in the demo bar’s 应用消息', async () => {
    const ds = fx.app.deps.ds;
    // No quiet hours for this guide, whatever the time of the test run.
    await ds.query(
      "INSERT INTO alert_setting (staff_id, quiet_start, quiet_end, muted) SELECT id, '00:00', '00:00', 0 FROM staff WHERE userid = ?",
      [guide.userid],
    );
    const at = new Date(Date.now() - 60_000).toISOString().replace('T', ' ').slice(0, 19);
    await ds.query(
      "INSERT INTO follow_up (customer_id, staff_id, content, remind_at, created_at, updated_at) SELECT ?, id, '回访试用装效果', ?, ?, ? FROM staff WHERE userid = ?",
      [guide.customerId, at, at, at, guide.userid],
    );
    expect(await scanAlerts(fx.app.deps, new Date())).toMatchObject({ sent: 1 });
    const inbox = (await (await fetch(`${fx.sim.url}/sim/admin/app-messages?userid=${guide.userid}`)).json()) as {
      messages: Array<{ msgtype: string; content: { title: string; url: string } }>;
    };
    expect(inbox.messages.map((m) => m.msgtype)).toEqual(['textcard']);
    expect(inbox.messages[0]!.content.url.endsWith(`/customers/${guide.customerId}`)).toBe(true);

    const context = await loggedInContext(browser, fx.app, guide.userid);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${fx.app.url}/home`);
    await page.locator('[data-test="dev-alerts"]').click();
    const item = page.locator('[data-alert-kind="reminder"]');
    await item.waitFor();
    expect(await item.textContent()).toContain('回访试用装效果');
    expect(await item.textContent()).toContain('送达');
    await screenshot(page, 'alerts-demo-375');
    await item.getByRole('link', { name: '查看 ›' }).click();
    await page.waitForURL(`**/customers/${guide.customerId}`);
  });

  it('lets the guide set quiet hours for pushed alerts from home', async () => {
    const context = await loggedInContext(browser, fx.app, guide.userid);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${fx.app.url}/home`);
    await page.locator('[data-test="alert-settings"]').click();
    await page.locator('[data-test="alert-quiet-start"]').fill('22:30');
    await page.locator('[data-test="alert-quiet-end"]').fill('07:00');
    await page.getByText('每天 22:30–07:00').waitFor();
    await screenshot(page, 'alert-settings-375');
    await page.locator('[data-test="alert-save"]').click();
    await page.locator('.alert-settings').waitFor({ state: 'hidden' });
    const rows: Array<{ quiet_start: string; quiet_end: string; muted: unknown }> = await fx.app.deps.ds.query(
      'SELECT quiet_start, quiet_end, muted FROM alert_setting s JOIN staff st ON st.id = s.staff_id WHERE st.userid = ?',
      [guide.userid],
    );
    expect(rows.map((r) => [r.quiet_start, r.quiet_end, Number(r.muted)])).toEqual([['22:30', '07:00', 0]]);
  });
});
