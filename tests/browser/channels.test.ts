import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { onWelcomeHandled } from '@server/features/channels/channels.jobs.ts';
import type { WelcomeOutcome } from '@server/features/channels/welcome-lane.ts';
import { registerFeatureJobs } from '@server/jobs-bootstrap.ts';
import { launchBrowser, SCREENSHOT_DIR, screenshot } from './browser.ts';
import { chartPainted } from './support/charts.ts';
import { loggedInContext, startSidebarFixture, type SidebarFixture } from './support/sidebar-fixture.ts';

const CHANNEL = '门店台卡·静安店';

/**
 * The channel-code pages in Chromium against the real server and simulator: an admin creates a
 * two-guide code in the form, sees and downloads its QR, a customer scans it in the simulator,
 * the welcome arrives, and the channel report counts the add.
 */
describe('channel codes in Chromium', () => {
  let fx: SidebarFixture;
  let browser: Browser;
  let admin: string;
  let guides: Array<{ name: string; userid: string }>;
  const outcomes: WelcomeOutcome[] = [];

  beforeAll(async () => {
    fx = await startSidebarFixture();
    fx.sim.callbacks.setTarget({ url: `${fx.app.url}/wecom/callback`, retryDelayMs: 10 });
    await registerFeatureJobs(fx.app.deps, { only: ['channels'] });
    onWelcomeHandled(fx.app.deps, (o) => outcomes.push(o));
    browser = await launchBrowser();
    const rows: Array<{ userid: string }> = await fx.app.deps.ds.query("SELECT userid FROM staff WHERE role = 'admin' ORDER BY id LIMIT 1");
    admin = rows[0]!.userid;
    guides = await fx.app.deps.ds.query('SELECT name, userid FROM staff WHERE status = 1 AND is_follow_user = 1 ORDER BY id LIMIT 2');
    expect(guides).toHaveLength(2);
  });
  afterAll(async () => {
    await browser?.close();
    await fx?.stop();
  });

  it('creates a two-guide code, shows and downloads its QR; a scan is welcomed and counted in the report', async () => {
    const context = await loggedInContext(browser, fx.app, admin, undefined, { width: 1280, height: 800 });
    const page = await context.newPage();
    await page.goto(`${fx.app.url}/home`);
    await page.getByRole('link', { name: '渠道活码 ›' }).click();
    await page.getByRole('heading', { name: '渠道活码', exact: true }).waitFor();

    const form = page.getByRole('form', { name: '渠道活码设置' });
    await form.getByLabel('渠道名称').fill(CHANNEL);
    await form.getByLabel('渠道分组').selectOption({ label: '门店' });
    for (const g of guides) await form.locator('.chform__check', { hasText: g.name }).locator('input').check();
    await form.getByLabel('每人每日上限（空 = 不限）').fill('50');
    await form.getByLabel('欢迎语内容').fill('您好，我是');
    await form.getByRole('button', { name: '{导购姓名}' }).click();
    await form.getByLabel('欢迎语内容').press('End');
    await form.getByLabel('欢迎语内容').pressSequentially('，到店出示此消息领取会员礼～');
    await form.getByRole('button', { name: '＋ 链接' }).click();
    await form.getByLabel('链接标题').fill('静安店会员权益');
    await form.getByLabel('链接地址').fill('https://example.com/vip');
    await form.getByRole('button', { name: '添加链接' }).click();
    const firstTag = form.locator('.chform__tag').first();
    const tagName = (await firstTag.innerText()).trim();
    await firstTag.click();
    await form.getByRole('button', { name: '创建活码' }).click();

    const card = page.locator(`[data-channel="${CHANNEL}"]`);
    await card.waitFor();
    await expect.poll(() => card.locator('.chcard__guides li').allInnerTexts()).toHaveLength(2);
    const qr = card.getByRole('img', { name: `「${CHANNEL}」二维码` });
    await expect.poll(() => qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await page.locator('.van-toast').waitFor({ state: 'hidden' });
    await page.evaluate("window.scrollTo(0, 0); document.querySelector('.channels__form')?.scrollTo(0, 0)");
    await screenshot(page, 'channels-admin-1280');

    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('link', { name: '下载二维码' }).click()]);
    expect(download.suggestedFilename()).toBe(`渠道码_${CHANNEL}.png`);
    const saved = resolve(SCREENSHOT_DIR, 'channels-qr-download.png');
    await download.saveAs(saved);
    expect(readFileSync(saved).subarray(1, 4).toString()).toBe('PNG');

    // A customer scans the code: WeCom's add callback reaches the server, the welcome goes out.
    const [row] = await fx.app.deps.ds.query<Array<{ id: number; config_id: string }>>('SELECT id, config_id FROM channel WHERE name = ?', [
      CHANNEL,
    ]);
    const scan = await fetch(`${fx.sim.url}/sim/admin/contact-way/scan`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ config_id: row!.config_id }),
    });
    const scanned = (await scan.json()) as { result: { external_userid: string; follow: { userid: string } } };
    await expect.poll(() => outcomes.find((o) => o.channelId === Number(row!.id))?.status, { timeout: 15_000 }).toBe('sent');
    const sent = (await (await fetch(`${fx.sim.url}/sim/admin/welcome/sent?external_userid=${scanned.result.external_userid}`)).json()) as {
      sent: Array<{ text?: string; attachments: unknown[] }>;
    };
    const guideName = guides.find((g) => g.userid === scanned.result.follow.userid)!.name;
    expect(sent.sent[0]!.text).toBe(`您好，我是${guideName}，到店出示此消息领取会员礼～`);
    expect(sent.sent[0]!.attachments).toEqual([{ msgtype: 'link', link: { title: '静安店会员权益', url: 'https://example.com/vip' } }]);
    expect(fx.sim.state.findFollow(scanned.result.follow.userid, scanned.result.external_userid)!.tagIds.length).toBeGreaterThan(0);

    // The list counts the add; the report shows the channel with its add and sent welcome.
    await page.reload();
    await expect.poll(() => card.locator('.chcard__meta b').innerText()).toBe('1');
    await page.getByRole('link', { name: '渠道报表' }).click();
    const line = page.locator('.chreport__table tbody tr', { hasText: CHANNEL });
    await line.waitFor();
    expect((await line.locator('td').allInnerTexts()).map((t) => t.split('\n')[0])).toEqual(['1', '0', '0', '0', '0', '¥0', '1', '0']);
    await page.locator('.chchart__canvas[data-drawn]').waitFor({ timeout: 20_000 });
    expect(await chartPainted(page, 20_000, '.chchart__canvas')).toBe(true);
    await screenshot(page, 'channels-report-1280');
    const csv = await page.getByRole('link', { name: '导出 CSV' }).getAttribute('href');
    const res = await context.request.get(new URL(csv!, fx.app.url).toString());
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain(CHANNEL);

    await page.getByRole('tab', { name: '按导购' }).click();
    await page.locator('.chreport__table tbody tr', { hasText: guideName }).waitFor();
    expect(tagName.length).toBeGreaterThan(0);
    await context.close();
  });

  it('fits a phone: the report at 375 px (a failed load offers 重试), the admin form opens from 新建', async () => {
    const context = await loggedInContext(browser, fx.app, admin);
    const page = await context.newPage();
    // The first load fails (the network dropped): the page says so and 重试 loads it.
    await page.route('**/api/channels/report?**', (route) => route.abort(), { times: 1 });
    await page.goto(`${fx.app.url}/channels/report`);
    await page.getByRole('alert').getByText('网络连接失败').waitFor();
    await page.getByRole('button', { name: '重试' }).click();
    await page.locator('.chreport__table tbody tr', { hasText: CHANNEL }).waitFor();
    await page.locator('.chchart__canvas[data-drawn]').waitFor({ timeout: 20_000 });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await screenshot(page, 'channels-report-375');

    await page.goto(`${fx.app.url}/channels`);
    await page.locator(`[data-channel="${CHANNEL}"]`).waitFor();
    expect(await page.getByRole('form', { name: '渠道活码设置' }).count()).toBe(0);
    await page.getByRole('button', { name: '＋ 新建渠道活码' }).click();
    await page.getByRole('form', { name: '渠道活码设置' }).waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await screenshot(page, 'channels-admin-375');
    await context.close();
  });
});
