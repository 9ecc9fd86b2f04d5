import type { BrowserContext, Page } from 'playwright-core';

/** Stamps `window.__profileAt` (performance.now()) when the customer's name first exists in a page of `context`. */
export async function markProfilePaint(context: BrowserContext): Promise<void> {
  // (Strings: these files are type-checked without the DOM lib.)
  await context.addInitScript({
    content: `new MutationObserver((_, obs) => {
      if (document.querySelector('[data-test="customer-name"]')) { window.__profileAt = performance.now(); obs.disconnect(); }
    }).observe(document, { childList: true, subtree: true });`,
  });
}

/** What a page fetched before and after the profile painted, from its Resource Timing entries. */
export interface PaintTraffic {
  /** ms from navigation start to the paint. */
  paintMs: number;
  /** Bytes transferred until the paint: compressed bodies and headers, 0 for what came from the HTTP cache. */
  wireBytesBefore: number;
  apiBefore: string[];
  apiAfter: string[];
  /** Paths of the build's files (/assets/…) requested before the paint. */
  assetsBefore: string[];
}

export async function paintTraffic(page: Page): Promise<PaintTraffic> {
  return (await page.evaluate(`(() => {
    const at = window.__profileAt ?? NaN;
    const nav = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource');
    const before = resources.filter((e) => e.startTime < at);
    const api = (list) => list.map((e) => new URL(e.name).pathname).filter((p) => p.startsWith('/api/'));
    return {
      paintMs: at,
      wireBytesBefore: (nav ? nav.transferSize : 0) + before.reduce((sum, e) => sum + e.transferSize, 0),
      apiBefore: api(before),
      apiAfter: api(resources.filter((e) => e.startTime >= at)),
      assetsBefore: before.map((e) => new URL(e.name).pathname).filter((p) => p.startsWith('/assets/')),
    };
  })()`)) as PaintTraffic;
}
