import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { launchBrowser, newPage, screenshot } from './browser.ts';

describe('sidebar shell in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    app = await startTestApp({ DEMO_SEED: 'off' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('serves the built sidebar, whose status page reads /healthz through the real server', async () => {
    const page = await newPage(browser);
    await page.goto(`${app.url}/status`);
    await page.getByText('系统状态').waitFor();
    await page.getByText('已是最新').waitFor();
    expect(await page.textContent('body')).toContain('演示模式');
    await screenshot(page, 'status-375');
  });

  it('falls back to index.html for client-side routes', async () => {
    const res = await app.request('/some/client/route');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="app">');
  });
});
