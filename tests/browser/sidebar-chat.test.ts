import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { dbTime } from '@server/db/sql.ts';
import { launchBrowser, screenshot } from './browser.ts';
import {
  guideWithCustomer,
  loggedInContext,
  startSidebarFixture,
  type GuideWithCustomer,
  type SidebarFixture,
} from './support/sidebar-fixture.ts';

interface Msg {
  direction: 'in' | 'out';
  msgtype: string;
  text: string | null;
  minutesAgo: number;
  revoked?: boolean;
}

/** A short 1v1 chat: customer (in) and guide (out), with an image, a link and a recalled message. */
const CHAT: Msg[] = [
  { direction: 'in', msgtype: 'text', text: '你好，请问敏感肌修护套装还有货吗？', minutesAgo: 60 },
  { direction: 'out', msgtype: 'text', text: '您好，有货的，周五可以到店试用', minutesAgo: 55 },
  { direction: 'in', msgtype: 'image', text: null, minutesAgo: 50 },
  { direction: 'out', msgtype: 'link', text: '秋冬护肤指南', minutesAgo: 45 },
  { direction: 'out', msgtype: 'text', text: '这条说错了', minutesAgo: 40, revoked: true },
  { direction: 'in', msgtype: 'text', text: '好的，周五见', minutesAgo: 30 },
];

/** The 聊天记录 tab: archived 1v1 messages of the guide with the customer, with text search. */
describe('customer page: 聊天记录 tab', () => {
  let fx: SidebarFixture;
  let browser: Browser;
  let guide: GuideWithCustomer;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    fx = await startSidebarFixture();
    guide = await guideWithCustomer(fx.app);
    const { ds } = fx.app.deps;
    const staff: Array<{ id: number | string }> = await ds.query('SELECT id FROM staff WHERE userid = ?', [guide.userid]);
    const staffId = Number(staff[0]?.id);
    const now = Date.now();
    for (const [i, m] of CHAT.entries()) {
      const at = new Date(now - m.minutesAgo * 60_000);
      const [sender, to] = m.direction === 'in' ? [guide.externalUserid, guide.userid] : [guide.userid, guide.externalUserid];
      await ds.query(
        `INSERT INTO archive_message (seq, msgid, action, msgtype, sender, tolist, roomid, msgtime, staff_id, customer_id, direction, text, content, revoked, revoked_at)
         VALUES (?, ?, 'send', ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          i + 1,
          `test-msg-${i}`,
          m.msgtype,
          sender,
          JSON.stringify([to]),
          dbTime(at),
          staffId,
          guide.customerId,
          m.direction,
          m.text,
          JSON.stringify({ msgtype: m.msgtype }),
          m.revoked ? 1 : 0,
          m.revoked ? dbTime(new Date(at.getTime() + 60_000)) : null,
        ],
      );
    }
    await ds.query(
      `INSERT INTO archive_consent (external_userid, staff_userid, roomid, status, changed_at, source) VALUES (?, ?, '', 'agree', ?, 'callback')`,
      [guide.externalUserid, guide.userid, dbTime(new Date(now - 86_400_000))],
    );
    browser = await launchBrowser();
    context = await loggedInContext(browser, fx.app, guide.userid);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await fx?.stop();
  });

  it('shows the consent tag and the transcript as bubbles, oldest first, with labels for non-text and recalled messages', async () => {
    await page.goto(`${fx.app.url}/customers/${guide.customerId}`);
    await page.locator('[data-test="archive-consent"]', { hasText: '已同意存档' }).waitFor();
    await page.getByRole('tab', { name: '聊天记录' }).click();
    const bubbles = page.locator('[data-test="chat-message"]');
    await bubbles.nth(CHAT.length - 1).waitFor();
    expect(await bubbles.count()).toBe(CHAT.length);
    const texts = await bubbles.locator('.chat__bubble').allTextContents();
    expect(texts[0]).toContain('敏感肌修护套装');
    expect(texts[2]).toContain('[图片]');
    expect(texts[3]).toContain('[链接] 秋冬护肤指南');
    expect(texts[4]).toContain('已撤回');
    expect(texts[5]).toContain('好的，周五见');
    // Customer on the left, guide on the right, each with the sender's name.
    expect(await bubbles.nth(0).getAttribute('class')).toContain('is-in');
    expect(await bubbles.nth(1).getAttribute('class')).toContain('is-out');
    expect(await bubbles.nth(1).locator('.chat__sender').textContent()).toBe(guide.name);
    await bubbles.last().scrollIntoViewIfNeeded();
    // Let the tab underline finish sliding before the picture.
    // A function, not a string: the page's CSP forbids eval. (The test tsconfig has no DOM lib, hence the shape.)
    await page.waitForFunction(() =>
      (globalThis as unknown as { document: { getAnimations(): Array<{ playState: string }> } }).document
        .getAnimations()
        .every((a) => a.playState !== 'running'),
    );
    await screenshot(page, 'customer-chat-375');
  });

  it('narrows the transcript to the messages containing the search text', async () => {
    const searched = page.waitForResponse((r) => r.url().includes(`/api/customers/${guide.customerId}/chat`) && r.url().includes('q='));
    await page.getByPlaceholder('搜索聊天内容').fill('周五');
    expect((await searched).status()).toBe(200);
    const bubbles = page.locator('[data-test="chat-message"]');
    await expect.poll(() => bubbles.count()).toBe(2);
    const texts = await bubbles.locator('.chat__bubble').allTextContents();
    expect(texts.every((t) => t.includes('周五'))).toBe(true);

    await page.getByPlaceholder('搜索聊天内容').fill('没有这句话');
    await page.getByText('没有找到包含该内容的消息').waitFor();
    expect(await bubbles.count()).toBe(0);
  });

  it('says there is no transcript for a customer without archived messages', async () => {
    const other: Array<{ customer_id: number | string }> = await fx.app.deps.ds.query(
      `SELECT f.customer_id FROM customer_follow f JOIN staff s ON s.id = f.staff_id
        WHERE s.userid = ? AND f.customer_id <> ? AND f.lost_at IS NULL ORDER BY f.customer_id LIMIT 1`,
      [guide.userid, guide.customerId],
    );
    const otherId = Number(other[0]?.customer_id);
    await page.goto(`${fx.app.url}/customers/${otherId}`);
    await page.getByRole('tab', { name: '聊天记录' }).click();
    await page.getByText('暂无聊天记录（客户未同意存档或尚未产生会话）').waitFor();
    expect(await page.locator('[data-test="chat-message"]').count()).toBe(0);
    expect(await page.locator('[data-test="archive-consent"]').count()).toBe(0); // consent unknown: no tag
  });
});
