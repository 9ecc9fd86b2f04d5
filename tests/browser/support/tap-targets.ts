import type { Page } from 'playwright-core';

/** The slice of the DOM the check reads (the test tsconfig has no DOM lib). */
interface Box {
  width: number;
  height: number;
}
interface El {
  tagName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): Box;
}
interface Doc {
  querySelectorAll(selector: string): Iterable<El>;
}
type Win = { document: Doc; getComputedStyle(el: El): { visibility: string } };

/**
 * Every visible control on the page smaller than 44 × 44 px, as "tag 'label' w×h". Controls are
 * what a finger taps: buttons, links, form fields, tabs and clickable cells.
 */
export async function smallTapTargets(page: Page): Promise<string[]> {
  // A function, not a string: the page's CSP forbids eval.
  const found = await page.evaluate(() => {
    const win = globalThis as unknown as Win;
    const out: string[] = [];
    const controls = win.document.querySelectorAll(
      'button, a[href], select, input, textarea, [role="button"], [role="tab"], .van-cell--clickable',
    );
    for (const el of controls) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || win.getComputedStyle(el).visibility === 'hidden') continue;
      if (r.width >= 44 && r.height >= 44) continue;
      const label = (el.textContent?.trim() || el.getAttribute('aria-label') || el.getAttribute('placeholder') || '').slice(0, 16);
      out.push(`${el.tagName.toLowerCase()} '${label}' ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return out;
  });
  return [...new Set(found)];
}
