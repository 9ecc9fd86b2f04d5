import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { shanghaiDay } from '@shared/time.ts';
import { sessionHeaders } from '../support/auth.ts';
import { screenshot, settled } from './browser.ts';
import { smallTapTargets } from './support/tap-targets.ts';
import { bridgeCalls } from './support/wecom-stub.ts';
import { useWecomSidebar } from './support/wecom-sidebar.ts';

/**
 * What a guide sends, through the real @wecom/jssdk and a stubbed bridge: the 称呼 and never the
 * remark, only after 确认发送 in a preview of the full message, only scripts that apply today, and
 * next actions that go away once done.
 */
describe('what a guide sends', () => {
  const REMARK = '黄姐 金卡 眼霜控';
  /** A WeChat name that is a real name, so the suggested 称呼 (黄女士) differs from the nickname fallback. */
  const NAME = '黄莉雅';
  const w = useWecomSidebar(async ({ fx, guide }) => {
    // The guide keeps private notes in the remark, as guides do; no 称呼 set yet.
    await fx.app.deps.ds.query(
      'UPDATE customer_follow SET remark = ?, salutation = NULL WHERE customer_id = ? AND staff_id = (SELECT id FROM staff WHERE userid = ?)',
      [REMARK, guide.customerId, guide.userid],
    );
    await fx.app.deps.ds.query('UPDATE customer SET name = ?, gender = 2 WHERE id = ?', [NAME, guide.customerId]);
  });
  const measure = async (label: string, l: Locator) => {
    await l.first().waitFor();
    const n = Math.min(await l.count(), 6);
    for (let i = 0; i < n; i++) {
      const box = await l.nth(i).boundingBox();
      expect(box, label).not.toBeNull();
      expect(box!.height, `${label} height`).toBeGreaterThanOrEqual(44);
      expect(box!.width, `${label} width`).toBeGreaterThanOrEqual(44);
    }
  };
  const inChat = () => ({ entry: 'single_chat_tools' as const, externalUserid: w.guide.externalUserid });
  const sentTexts = async (page: Page) =>
    (await bridgeCalls(page))
      .filter((c) => c.name === 'sendChatMessage')
      .map((c) => String((c.params as { text?: { content?: string } }).text?.content ?? ''));

  it('sends the 称呼 the guide picked in 资料, never the remark, and only after 确认发送 in the full preview', async () => {
    const page = await w.open(w.guide.userid, inChat());
    await page.waitForURL(`**/customers/${w.guide.customerId}`);
    // 资料: pick the first suggested 称呼 (from the name and gender, never from the remark).
    await page.getByRole('tab', { name: '资料' }).click();
    await page.locator('[data-test="salutation"]').click();
    const suggestion = page.locator('.salutation__chip').first();
    const salutation = (await suggestion.textContent())?.trim() ?? '';
    // Suggested from the name and gender: 黄莉雅, female → 黄女士 (not 黄姐, which is in the remark).
    expect(salutation).toBe('黄女士');
    await suggestion.click();
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.locator('[data-test="salutation"]', { hasText: salutation }).waitFor();

    await page.locator('.van-toast').waitFor({ state: 'hidden' });
    await page.getByRole('link', { name: '话术库' }).click();
    await page.waitForURL('**/scripts?customerId=*');
    await page.getByPlaceholder('搜索话术标题或内容').fill('周末问候');
    const card = page.locator('.script-card', { hasText: '周末问候' });
    await card.waitFor();
    let posted = 0;
    page.on('request', (r) => {
      if (/\/api\/scripts\/\d+\/sends$/.test(r.url())) posted += 1;
    });
    await card.getByRole('button', { name: '发送' }).click();
    // 发送 opens the preview of the full message; nothing has gone out yet.
    const text = page.locator('[data-test="send-text"] textarea');
    await text.waitFor();
    expect(await text.inputValue()).toMatch(new RegExp(`^${salutation}，周末愉快`));
    expect(await sentTexts(page)).toEqual([]);
    expect(posted).toBe(0);
    await settled(page);
    await screenshot(page, 'send-preview-375');
    // The guide adds a line before sending: what they confirm is what the customer receives.
    await text.fill(`${await text.inputValue()} 周六店里有新品试用～`);
    await page.getByRole('button', { name: '确认发送' }).click();
    await page.getByText('已发送').waitFor();
    const [sent] = await sentTexts(page);
    expect(sent).toContain(salutation);
    // The 称呼, not the nickname fallback, and none of the remark's notes.
    expect(sent).not.toContain(NAME);
    expect(sent).toContain('周六店里有新品试用～');
    for (const note of REMARK.split(' ')) expect(sent).not.toContain(note);
    expect(posted).toBe(1);
    // 已发 N 次 counts the send at once.
    await card.getByText('已发 1 次').waitFor();
  });

  it('says an image that is in no media library cannot be sent yet, instead of failing after 确认发送', async () => {
    const page = await w.open(w.guide.userid, inChat());
    await page.waitForURL(`**/customers/${w.guide.customerId}`);
    await page.getByRole('link', { name: '话术库' }).click();
    await page.getByPlaceholder('搜索话术标题或内容').fill('品牌介绍海报');
    const card = page.locator('.script-card', { hasText: '品牌介绍海报' });
    await card.getByRole('button', { name: '发送' }).click();
    await page.locator('[data-test="image-not-uploaded"]').waitFor();
    expect(await page.locator('[data-test="confirm-send"]').isDisabled()).toBe(true);
    expect((await bridgeCalls(page)).filter((c) => c.name === 'sendChatMessage')).toEqual([]);
  });

  it('never offers or recommends an expired script, in the library or in the group', async () => {
    const customerRows = (await w.fx.app.deps.ds.query('SELECT rfm_segment FROM customer WHERE id = ?', [w.guide.customerId])) as Array<{
      rfm_segment: string | null;
    }>;
    const segment = customerRows[0]?.rfm_segment ?? null;
    // Aimed squarely at this customer's tier, but its window closed last month.
    await w.fx.app.deps.ds.query(
      `INSERT INTO script (folder_id, scope, type, title, content, for_group, target_segments, target_stages, target_tag_ids, valid_from, valid_to)
       VALUES (NULL, 'corp', 'text', '上月专享价', ?, 0, ?, '[]', '[]', '2026-01-01', ?)`,
      [
        JSON.stringify({ text: '{客户称呼}，专享价今晚截止' }),
        JSON.stringify(segment ? [segment] : []),
        shanghaiDay(new Date(Date.now() - 30 * 86_400_000)),
      ],
    );
    const page = await w.open(w.guide.userid, inChat(), `/scripts?customerId=${w.guide.customerId}`);
    await page.locator('.script-card').first().waitFor();
    for (let i = 0; i < 5 && (await page.getByText('没有更多话术了').count()) === 0; i++) await page.mouse.wheel(0, 4000);
    await page.getByText('没有更多话术了').waitFor();
    expect(await page.locator('.script-card', { hasText: '上月专享价' }).count()).toBe(0);
    // Every 推荐 says why.
    const recs = page.locator('.script-card', { has: page.locator('.script-card__rec') });
    for (let i = 0; i < (await recs.count()); i++)
      expect(((await recs.nth(i).locator('[data-test="rec-reason"]').textContent()) ?? '').length).toBeGreaterThan(1);

    // The demo's 双十一预热 is valid only until 11-11: the group page does not offer it in December.
    const rows = (await w.fx.app.deps.ds.query("SELECT valid_to FROM script WHERE title = '双十一预热'")) as Array<{ valid_to: string }>;
    expect((rows[0]?.valid_to ?? '9999') < shanghaiDay(new Date())).toBe(true);
    const group = await w.open(w.owner.userid, { entry: 'group_chat_tools', chatId: w.owner.chatId });
    await group.waitForURL(`**/groups/${w.owner.groupId}`);
    await group.getByRole('tab', { name: '群话术' }).click();
    await group.locator('.group-scripts .script-card').first().waitFor();
    expect(await group.locator('.group-scripts .script-card', { hasText: '双十一预热' }).count()).toBe(0);
    const all = await w.open(w.owner.userid, { entry: 'group_chat_tools', chatId: w.owner.chatId }, `/scripts?groupId=${w.owner.groupId}`);
    await all.locator('.script-card').first().waitFor();
    await all.getByText('没有更多话术了').waitFor();
    expect(await all.locator('.script-card', { hasText: '双十一预热' }).count()).toBe(0);
  });

  it('drops a next action once its script is sent, and the value card shows the contact', async () => {
    // A birthday in three days makes the 生日关怀 action fire.
    const inThree = shanghaiDay(new Date(Date.now() + 3 * 86_400_000)).slice(5);
    await w.fx.app.deps.ds.query('UPDATE customer SET birthday = ? WHERE id = ?', [inThree, w.guide.customerId]);
    const page = await w.open(w.guide.userid, inChat());
    await page.waitForURL(`**/customers/${w.guide.customerId}`);
    const action = page.locator('[data-action="birthday"]');
    await action.waitFor();
    expect(await action.locator('.next-actions__reason').textContent()).toContain('还有 3 天');
    // The reason names the customer as the header does.
    expect(await action.locator('.next-actions__reason').textContent()).toContain(REMARK);
    await screenshot(page, 'customer-page-375');
    await measure('next action script', action.locator('.next-actions__script'));
    const before = (await sentTexts(page)).length;
    await action.locator('.next-actions__script', { hasText: '生日祝福' }).first().click();
    const text = page.locator('[data-test="send-text"] textarea');
    await text.waitFor();
    expect(await text.inputValue()).toContain('生日快乐');
    expect((await sentTexts(page)).length).toBe(before); // a confirm is needed
    await page.getByRole('button', { name: '确认发送' }).click();
    await action.waitFor({ state: 'detached' });
    expect((await sentTexts(page)).length).toBe(before + 1);
    await page.locator('[data-test="last-contact"]', { hasText: '今天' }).waitFor();
  });

  it('shows a guide the read-only 话术库管理 page without any edit controls', async () => {
    const context = await w.context(w.guide.userid);
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${w.fx.app.url}/admin/scripts`);
    await page.getByRole('heading', { name: '话术库管理' }).waitFor();
    await page.locator('.admin-scripts__table tr').nth(1).waitFor();
    await page.getByText('可以查看').waitFor();
    for (const name of ['新建话术', '新建分类', '编辑/移动', '删除'])
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
  });

  it('gives every tap target at least 44 × 44 px at 375 px', async () => {
    const res = await w.fx.app.request(`/api/customers/${w.guide.customerId}/follow-ups`, {
      method: 'POST',
      headers: { ...(await sessionHeaders(w.fx.app, w.guide.userid)), 'content-type': 'application/json' },
      body: JSON.stringify({ content: '提醒：周六护肤沙龙', remindAt: new Date(Date.now() + 3600_000).toISOString() }),
    });
    expect(res.status).toBe(201);
    const page = await w.open(w.guide.userid, inChat());
    await page.waitForURL(`**/customers/${w.guide.customerId}`);
    await measure('打标签', page.getByRole('button', { name: '打标签' }));
    await page.getByRole('button', { name: '打标签' }).click();
    await measure('收起', page.getByRole('button', { name: '收起' }));
    await measure('tag chip', page.locator('button.tag-chip'));
    await page.getByRole('tab', { name: '跟进' }).click();
    await measure('标记完成', page.getByRole('button', { name: '标记完成' }));
    await page.getByRole('link', { name: '话术库' }).click();
    await measure('复制', page.locator('.script-card').getByRole('button', { name: '复制' }));
    await measure('发送', page.locator('.script-card').getByRole('button', { name: '发送' }));
  });

  it('leaves no control under 44 × 44 px on the pages a guide and a group owner tap through at 375 px', async () => {
    const small: Record<string, string[]> = {};
    const look = async (where: string, page: Page, ready: Locator): Promise<void> => {
      await ready.first().waitFor();
      await page.waitForLoadState('networkidle');
      small[where] = await smallTapTargets(page);
    };
    const page = await w.open(w.guide.userid, inChat());
    await page.waitForURL(`**/customers/${w.guide.customerId}`);
    await look('客户', page, page.locator('.customer-tags'));
    await page.getByRole('tab', { name: '动态' }).click();
    await look('动态', page, page.getByRole('tab', { name: '动态', selected: true }));
    await page.getByRole('tab', { name: '跟进' }).click();
    await look('跟进', page, page.getByRole('button', { name: '保存跟进' }));
    await page.getByRole('tab', { name: '聊天记录' }).click();
    await look('聊天记录', page, page.getByPlaceholder('搜索聊天内容'));
    await page.getByRole('tab', { name: '资料' }).click();
    await look('资料', page, page.locator('[data-test="completeness"]'));
    await page.getByRole('link', { name: '话术库' }).click();
    await look('话术库', page, page.locator('.script-card'));
    await page.getByRole('link', { name: '我的客户' }).click();
    await look('我的客户', page, page.getByRole('link', { name: '我的客户' }));

    const group = await w.open(w.owner.userid, { entry: 'group_chat_tools', chatId: w.owner.chatId });
    await group.waitForURL(`**/groups/${w.owner.groupId}`);
    await look('群', group, group.locator('.member-item'));
    await group.getByRole('tab', { name: '群话术' }).click();
    await look('群话术', group, group.locator('.group-scripts .script-card'));
    expect(small).toEqual({ 客户: [], 动态: [], 跟进: [], 聊天记录: [], 资料: [], 话术库: [], 我的客户: [], 群: [], 群话术: [] });
  });
});
