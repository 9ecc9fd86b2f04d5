import type { Page } from 'playwright-core';

/** The bits of a canvas the pixel check reads (the test code is typed without the DOM library). */
interface Canvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}

/** Whether the report's trend chart drew something: its canvas has more than a few non-transparent pixels. */
export async function chartPainted(page: Page, timeout = 20_000): Promise<boolean> {
  await page.locator('.trend__chart[data-drawn] canvas').waitFor({ timeout });
  return page
    .locator('.trend__chart canvas')
    .first()
    .evaluate((node) => {
      const canvas = node as unknown as Canvas;
      const ctx = canvas.getContext('2d');
      if (!ctx || canvas.width === 0) return false;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
      return painted > 500;
    });
}
