import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newPage, screenshot } from './browser.ts';
import { WECOM_UA } from './support/wecom-stub.ts';
import { guideWithCustomer, loggedInContext, ownerWithGroup, startSidebarFixture, type SidebarFixture } from './support/sidebar-fixture.ts';

/** Demo mode in a plain browser: the dev bar stands in for the WeCom client; everything after is the real API. */
describe('sidebar demo bar outside WeCom', () => {
  let fx: SidebarFixture;
  let browser: Browser;
  beforeAll(async () => {
    fx = await startSidebarFixture();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await fx?.stop();
  });

  it('logs in as a guide, opens a 1v1 customer and then a group chosen in the 演示模式 strip', async () => {
    const guide = await guideWithCustomer(fx.app);
    const owner = await ownerWithGroup(fx.app);
    const page = await newPage(browser);
    await page.goto(`${fx.app.url}/`);
    await page.getByText('演示模式').first().waitFor();
    await page.getByText('请在上方选择一位导购登录').waitFor();
    await screenshot(page, 'demo-login-375');

    await page.locator('[data-test="dev-staff"]').selectOption(guide.userid);
    await page.waitForURL('**/home');
    await page.locator(`[data-test="dev-chat"] option[value="c:${guide.externalUserid}"]`).waitFor({ state: 'attached' });
    await page.locator('[data-test="dev-chat"]').selectOption(`c:${guide.externalUserid}`);
    await page.waitForURL(`**/customers/${guide.customerId}`);
    expect(await page.locator('.customer-header').textContent()).toContain(guide.customerName);
    await screenshot(page, 'demo-customer-375');

    if (owner.userid !== guide.userid) await page.locator('[data-test="dev-staff"]').selectOption(owner.userid);
    await page.locator(`[data-test="dev-chat"] option[value="g:${owner.chatId}"]`).waitFor({ state: 'attached' });
    await page.locator('[data-test="dev-chat"]').selectOption(`g:${owner.chatId}`);
    await page.waitForURL(`**/groups/${owner.groupId}`);
    expect(await page.locator('[data-test="group-name"]').textContent()).toBe(owner.groupName);
  });

  it('shows no dev bar inside the WeCom client even in demo mode', async () => {
    const guide = await guideWithCustomer(fx.app);
    const context = await loggedInContext(browser, fx.app, guide.userid, WECOM_UA);
    const page = await context.newPage();
    await page.goto(`${fx.app.url}/status`);
    await page.getByText('系统状态').waitFor();
    expect(await page.locator('.dev-bar').count()).toBe(0);
    await context.close();
  });
});
