import { describe, expect, it } from 'vitest';
import { sessionHeaders } from '../support/auth.ts';
import { screenshot } from './browser.ts';
import { bridgeCalls } from './support/wecom-stub.ts';
import { useWecomSidebar } from './support/wecom-sidebar.ts';

/**
 * The built sidebar inside a stubbed WeCom client: the REAL @wecom/jssdk runs
 * against a WeixinJSBridge stub (wecom-api.md §11.5) and the real server.
 */
describe('sidebar in the WeCom chat toolbar', () => {
  const w = useWecomSidebar();

  it('opens the customer of the 1v1 chat: getContext → getCurExternalContact → their profile', async () => {
    const page = await w.open(w.guide.userid, { entry: 'single_chat_tools', externalUserid: w.guide.externalUserid });
    await page.waitForURL(`**/customers/${w.guide.customerId}`);
    await page.locator('[data-test="customer-name"]').waitFor();
    expect(await page.locator('.customer-header').textContent()).toContain(w.guide.customerName);
    await page.getByText('累计消费').waitFor();
    const calls = await bridgeCalls(page);
    const names = calls.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['agentConfig', 'getContext', 'getCurExternalContact']));
    // The app identity was registered with the server-computed signature for this exact URL.
    const agent = calls.find((c) => c.name === 'agentConfig');
    expect(agent?.params).toMatchObject({ corpid: 'wwdemo0000000001', agentid: '1000002' });
    expect(String(agent?.params.signature)).toMatch(/^[0-9a-f]{40}$/);
    await screenshot(page, 'customer-375');
  });

  it('adds a tag with one tap: the API is called and the chip stays on after a reload', async () => {
    const page = await w.open(w.guide.userid, { entry: 'single_chat_tools', externalUserid: w.guide.externalUserid });
    await page.waitForURL(`**/customers/${w.guide.customerId}`);
    await page.getByRole('button', { name: '打标签' }).click();
    const chip = page.locator('.tag-chip[aria-pressed="false"]').first();
    const name = await chip.getAttribute('data-tag');
    const posted = page.waitForResponse(
      (r) => r.url().endsWith(`/api/customers/${w.guide.customerId}/tags`) && r.request().method() === 'POST',
    );
    await chip.click();
    expect((await posted).status()).toBe(200);
    expect(await page.locator(`.tag-chip[data-tag="${name}"]`).first().getAttribute('aria-pressed')).toBe('true');
    await page.locator('.customer-tags').scrollIntoViewIfNeeded();
    await screenshot(page, 'customer-tags-375');
    await page.reload();
    await page
      .locator('.customer-tags .tag-chip.is-mine', { hasText: name ?? '' })
      .first()
      .waitFor();
  });

  it('sends a script into the chat: sendChatMessage gets the rendered text and the send is recorded', async () => {
    const page = await w.open(w.guide.userid, { entry: 'single_chat_tools', externalUserid: w.guide.externalUserid });
    await page.waitForURL(`**/customers/${w.guide.customerId}`);
    await page.getByRole('link', { name: '话术库' }).click();
    await page.waitForURL('**/scripts?customerId=*');
    const card = page
      .locator('.script-card')
      .filter({ has: page.locator('.script-card__type', { hasText: '文本' }) })
      .first();
    await card.waitFor();
    await card.locator('.script-card__head').click();
    const previewText = await page.locator('[data-test="send-text"] textarea').inputValue();
    const sent = page.waitForResponse((r) => /\/api\/scripts\/\d+\/sends$/.test(r.url()));
    await page.getByRole('button', { name: '确认发送' }).click();
    expect((await sent).status()).toBeLessThan(300);
    await page.getByText('已发送').waitFor();
    const send = (await bridgeCalls(page)).find((c) => c.name === 'sendChatMessage');
    expect(send?.params).toMatchObject({ msgtype: 'text', text: { content: previewText } });
    expect(previewText).not.toMatch(/\{[^}]+\}/); // variables were rendered for this customer
    await page.locator('.send-sheet').waitFor({ state: 'hidden' });
    await page.locator('.van-toast').waitFor({ state: 'hidden' });
    await screenshot(page, 'scripts-375');
  });

  it('opens the group of a group chat: getCurExternalChat → the group page', async () => {
    const page = await w.open(w.owner.userid, { entry: 'group_chat_tools', chatId: w.owner.chatId });
    await page.waitForURL(`**/groups/${w.owner.groupId}`);
    expect(await page.locator('[data-test="group-name"]').textContent()).toBe(w.owner.groupName);
    await page.locator('.member-item').first().waitFor();
    expect((await bridgeCalls(page)).map((c) => c.name)).toContain('getCurExternalChat');
    await screenshot(page, 'group-375');
  });

  it('explains in Chinese when the client denies getCurExternalContact (no blank screen)', async () => {
    const page = await w.open(w.guide.userid, {
      entry: 'single_chat_tools',
      fail: { getCurExternalContact: 'getCurExternalContact:fail no permission' },
    });
    await page.getByText('没有权限读取当前聊天').waitFor();
    await page.getByRole('button', { name: '重试' }).waitFor();
    await screenshot(page, 'denied-375');
  });

  it('says the client timed out (in Chinese) when WeCom never answers getContext', async () => {
    const page = await w.open(w.guide.userid, { entry: 'single_chat_tools', hang: ['getContext'] });
    await page.getByText('企业微信响应超时').waitFor({ timeout: 15_000 });
  });

  it("outside any chat (app home) lands on my customers and today's reminders", async () => {
    // A reminder due in a minute (today in Shanghai unless the test runs at 23:59).
    const res = await w.fx.app.request(`/api/customers/${w.guide.customerId}/follow-ups`, {
      method: 'POST',
      headers: { ...(await sessionHeaders(w.fx.app, w.guide.userid)), 'content-type': 'application/json' },
      body: JSON.stringify({ content: '回访：上次买的精华用得怎么样', remindAt: new Date(Date.now() + 60_000).toISOString() }),
    });
    expect(res.status).toBe(201);
    const page = await w.open(w.guide.userid, { entry: 'normal' });
    await page.waitForURL('**/home');
    await page.locator('.customer-item').first().waitFor();
    await page.getByRole('heading', { name: '今日待跟进' }).waitFor();
    await page.locator('.home-reminders__item', { hasText: '回访：上次买的精华用得怎么样' }).waitFor();
    // Each row's avatar initial is the initial of the name it shows (the guide's remark when there is one).
    const rows = await page
      .locator('.customer-item')
      .evaluateAll((els) =>
        els.map((el) => [
          el.querySelector('.app-avatar--text')?.textContent?.trim() ?? null,
          Array.from(el.querySelector('.customer-item__name')?.firstChild?.textContent?.trim() ?? '')[0] ?? '',
        ]),
      );
    const lettered = rows.filter(([avatar]) => avatar !== null);
    expect(lettered.length).toBeGreaterThan(0);
    expect(lettered.filter(([avatar, name]) => avatar !== name)).toEqual([]);
    await screenshot(page, 'home-375');
  });
});
