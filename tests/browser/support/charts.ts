import type { Page } from 'playwright-core';

/** What a drawn line chart shows: how many lines, how much of the plot they span, and the readout above it. */
export interface ChartShape {
  lines: number;
  /** The widest line's width over the chart's width (a line over every day spans most of it). */
  span: number;
  readout: string;
}

/** The drawn lines of the chart inside `selector` once it says it has drawn them (`data-drawn`). */
export async function chartShape(page: Page, selector = '.trend__chart', timeout = 20_000): Promise<ChartShape> {
  const chart = page.locator(`${selector}[data-drawn]`).first();
  await chart.locator('svg .lc__line').first().waitFor({ state: 'attached', timeout });
  const widths = await chart
    .locator('svg .lc__line')
    .evaluateAll((nodes) =>
      nodes.map((n) => (n as unknown as { getBoundingClientRect(): { width: number } }).getBoundingClientRect().width),
    );
  const svgBox = await chart.locator('svg').boundingBox();
  return {
    lines: widths.length,
    span: svgBox && svgBox.width > 0 ? Math.max(...widths) / svgBox.width : 0,
    readout: (await chart.locator('.lc__readout').innerText()).replace(/\s+/g, ' ').trim(),
  };
}

/** Whether the report's trend chart drew its line across the days. */
export async function chartPainted(page: Page, timeout = 20_000, selector = '.trend__chart'): Promise<boolean> {
  const shape = await chartShape(page, selector, timeout);
  return shape.lines > 0 && shape.span > 0.6;
}
