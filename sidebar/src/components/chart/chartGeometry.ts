/**
 * The arithmetic of a small line chart, kept apart from the component so it can be tested without a
 * browser: value axis ticks, which day labels fit, and the SVG path of a line through the points.
 */

export interface Ticks {
  min: number;
  max: number;
  step: number;
  values: number[];
}

/** Round steps people read at a glance: 1, 2, 2.5 or 5 times a power of ten. */
function niceStep(rough: number, integer: boolean): number {
  if (!(rough > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  return integer ? Math.max(1, Math.ceil(step)) : step;
}

/**
 * About `count` evenly spaced ticks covering the values, always including zero (a metric's line
 * floating above a cut-off axis exaggerates small changes). An all-empty or all-zero series still
 * gets a readable axis of 0…count.
 */
export function niceTicks(values: Array<number | null>, count = 4, integer = false): Ticks {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const lo = Math.min(0, ...present);
  const hi = Math.max(0, ...present);
  const span = hi - lo || (integer ? count : 1);
  const top = hi === lo ? lo + span : hi;
  const step = niceStep(span / count, integer);
  const min = Math.floor(lo / step) * step;
  const max = Math.max(Math.ceil(top / step) * step, min + step);
  const ticks: number[] = [];
  // Built from integers so 0.1 + 0.2 never prints as 0.30000000000000004.
  for (let i = 0; min + i * step <= max + step / 1e6; i++) ticks.push(Number((min + i * step).toPrecision(12)));
  return { min, max, step, values: ticks };
}

/** Indexes of the category labels to print: evenly spaced, always the last (the newest day), never crowded. */
export function labelIndexes(count: number, width: number, labelWidth: number): number[] {
  if (count <= 0) return [];
  const fit = Math.max(1, Math.floor(width / labelWidth));
  const every = Math.max(1, Math.ceil(count / fit));
  const picked: number[] = [];
  for (let i = (count - 1) % every; i < count; i += every) picked.push(i);
  return picked;
}

export interface Point {
  x: number;
  y: number;
}

/**
 * Runs of consecutive points: a missing value breaks the line rather than pretending it was zero.
 */
export function runs(points: Array<Point | null>): Point[][] {
  const out: Point[][] = [];
  let current: Point[] = [];
  for (const p of points) {
    if (p) current.push(p);
    else if (current.length) {
      out.push(current);
      current = [];
    }
  }
  if (current.length) out.push(current);
  return out;
}

const fmt = (n: number) => String(Math.round(n * 10) / 10);

/**
 * The SVG path through the points. Smooth lines use monotone cubic interpolation (Fritsch–Carlson):
 * the curve never overshoots the data, so a day with 0 never dips below the axis and a peak is drawn
 * where it is.
 */
export function linePath(points: Point[], smooth: boolean): string {
  if (points.length === 0) return '';
  const [first] = points as [Point];
  if (points.length === 1 || !smooth) return points.map((p, i) => `${i ? 'L' : 'M'}${fmt(p.x)},${fmt(p.y)}`).join('');
  const n = points.length;
  const dx: number[] = [];
  const slope: number[] = [];
  for (let i = 0; i < n - 1; i++) {
    dx.push(points[i + 1]!.x - points[i]!.x);
    slope.push((points[i + 1]!.y - points[i]!.y) / dx[i]!);
  }
  const tangent: number[] = [slope[0]!];
  for (let i = 1; i < n - 1; i++) {
    const a = slope[i - 1]!;
    const b = slope[i]!;
    tangent.push(a * b <= 0 ? 0 : (3 * (dx[i - 1]! + dx[i]!)) / ((2 * dx[i]! + dx[i - 1]!) / a + (dx[i]! + 2 * dx[i - 1]!) / b));
  }
  tangent.push(slope[n - 2]!);
  let d = `M${fmt(first.x)},${fmt(first.y)}`;
  for (let i = 0; i < n - 1; i++) {
    const p = points[i]!;
    const q = points[i + 1]!;
    const h = dx[i]! / 3;
    d += `C${fmt(p.x + h)},${fmt(p.y + h * tangent[i]!)},${fmt(q.x - h)},${fmt(q.y - h * tangent[i + 1]!)},${fmt(q.x)},${fmt(q.y)}`;
  }
  return d;
}

/** The closed area under a run, down to the baseline. */
export function areaPath(points: Point[], smooth: boolean, baseline: number): string {
  if (points.length === 0) return '';
  const first = points[0]!;
  const last = points[points.length - 1]!;
  return `${linePath(points, smooth)}L${fmt(last.x)},${fmt(baseline)}L${fmt(first.x)},${fmt(baseline)}Z`;
}

/** The category under a pointer at `x` inside a plot starting at `left`, `step` apart. */
export function indexAt(x: number, left: number, step: number, count: number): number {
  if (count <= 0) return -1;
  const i = Math.round((x - left) / (step || 1));
  return Math.min(count - 1, Math.max(0, i));
}
