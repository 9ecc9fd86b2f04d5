import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';
import {
  guideWithCustomer,
  loggedInContext,
  startSidebarFixture,
  type GuideWithCustomer,
  type SidebarFixture,
} from './support/sidebar-fixture.ts';

/** The customer page's writes, through the real server and the WeCom simulator. */
describe('customer page: tags, follow-ups, remark', () => {
  let fx: SidebarFixture;
  let browser: Browser;
  let guide: GuideWithCustomer;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    fx = await startSidebarFixture();
    browser = await launchBrowser();
    guide = await guideWithCustomer(fx.app);
    context = await loggedInContext(browser, fx.app, guide.userid);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await fx?.stop();
  });

  it('rolls a tag back and says why when WeCom refuses mark_tag', async () => {
    await page.goto(`${fx.app.url}/customers/${guide.customerId}`);
    await page.getByRole('button', { name: '打标签' }).click();
    const chip = page.locator('.tag-chip[aria-pressed="false"]').first();
    const name = await chip.getAttribute('data-tag');
    fx.sim.switches.update({ failureRate: 1 });
    try {
      const posted = page.waitForResponse((r) => r.url().endsWith(`/api/customers/${guide.customerId}/tags`), { timeout: 45_000 });
      await chip.click();
      expect(await page.locator(`.tag-chip[data-tag="${name}"]`).first().getAttribute('aria-pressed')).toBe('true'); // optimistic
      expect((await posted).status()).toBeGreaterThanOrEqual(400);
      await page.locator('.van-toast').waitFor();
      expect(await page.locator(`.tag-chip[data-tag="${name}"]`).first().getAttribute('aria-pressed')).toBe('false');
    } finally {
      fx.sim.switches.update({ failureRate: 0 });
    }
  });

  it('writes a follow-up note with a reminder; it is listed first with its reminder time', async () => {
    await page.goto(`${fx.app.url}/customers/${guide.customerId}`);
    await page.getByRole('tab', { name: '跟进' }).click();
    await page.getByPlaceholder('记录这次沟通').fill('客户想要敏感肌修护套装，周五到店试用');
    await page.getByLabel('提醒时间').fill('2030-01-05T10:30');
    const posted = page.waitForResponse(
      (r) => r.url().endsWith(`/api/customers/${guide.customerId}/follow-ups`) && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: '保存跟进' }).click();
    expect((await posted).status()).toBe(201);
    const first = page.locator('.follow-ups__item').first();
    await first.getByText('客户想要敏感肌修护套装').waitFor();
    expect(await first.textContent()).toContain('2030/01/05');
    await first.getByRole('button', { name: '标记完成' }).click();
    await first.getByText('已完成').waitFor();
    await page.locator('.van-toast').waitFor({ state: 'hidden' });
    await screenshot(page, 'customer-follow-ups-375');
  });

  it('edits the remark; it is written through and shown as the display name', async () => {
    await page.goto(`${fx.app.url}/customers/${guide.customerId}`);
    await page.getByRole('tab', { name: '资料' }).click();
    await page.getByRole('button', { name: '编辑备注和描述' }).click();
    await page.getByPlaceholder('例如：王女士-静安店').fill('王女士-测试店');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.locator('[data-test="customer-name"]', { hasText: '王女士-测试店' }).waitFor();
    await page.locator('.remark-form').waitFor({ state: 'hidden' });
    await page.locator('.van-toast').waitFor({ state: 'hidden' });
    await screenshot(page, 'customer-info-375');
  });

  it('loads the timeline newest first', async () => {
    await page.goto(`${fx.app.url}/customers/${guide.customerId}`);
    await page.getByRole('tab', { name: '动态' }).click();
    const times = page.locator('.timeline__item time');
    await times.first().waitFor();
    const stamps = await times.evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''));
    expect(stamps.length).toBeGreaterThan(1);
    expect([...stamps].sort().reverse()).toEqual(stamps);
    await screenshot(page, 'customer-timeline-375');
  });
});
