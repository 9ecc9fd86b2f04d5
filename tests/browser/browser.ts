import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../docs/screenshots');

/** Launches Debian's Chromium headless with the flags this machine needs (no network beyond loopback). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A phone-width page (WeCom webview size) or a desktop one. */
export async function newPage(browser: Browser, size: 'phone' | 'desktop' = 'phone', userAgent?: string): Promise<Page> {
  const viewport = size === 'phone' ? { width: 375, height: 812 } : { width: 1280, height: 800 };
  const context = await browser.newContext({ viewport, deviceScaleFactor: size === 'phone' ? 2 : 1, locale: 'zh-CN', userAgent });
  return context.newPage();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = resolve(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/**
 * Waits for the page's finite animations (a sheet sliding up, an overlay fading in) so a screenshot
 * shows the end state; endless ones (loading spinners) are left running. A function, not a string:
 * the page's CSP forbids eval; the test tsconfig has no DOM lib, hence the shape.
 */
export async function settled(page: Page): Promise<void> {
  type Anim = { finished: Promise<unknown>; effect: { getComputedTiming(): { iterations?: number } } | null };
  await page.evaluate(() =>
    Promise.all(
      (globalThis as unknown as { document: { getAnimations(): Anim[] } }).document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
        // A cancelled animation's `finished` rejects (AbortError); it has stopped all the same.
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
}
