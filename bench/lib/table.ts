import type { BenchRow } from '../types.ts';

export interface ResultLine extends BenchRow {
  scenario: string;
}

const fmt = (n: number | null): string => {
  if (n === null || Number.isNaN(n)) return '—';
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
};

/** value / floor, printed with whether that is the good direction for this metric. */
export function ratioOf(r: BenchRow): string {
  if (r.floor === null || r.floor === 0 || Number.isNaN(r.value)) return '—';
  const better = r.better ?? (r.unit.endsWith('/s') ? 'higher' : 'lower');
  const ratio = r.value / r.floor;
  return `${ratio.toFixed(2)}× ${better === 'higher' ? '(↑ better)' : '(↓ better)'}`;
}

/** Width of a string in a monospace terminal (CJK characters take two cells). */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}
const pad = (s: string, n: number, right = false): string =>
  right ? ' '.repeat(Math.max(0, n - width(s))) + s : s + ' '.repeat(Math.max(0, n - width(s)));

/** One plain-text table: scenario, metric, value, unit, floor, ratio, floor label. */
export function renderTable(lines: ResultLine[]): string {
  const header = ['scenario', 'metric', 'value', 'unit', 'floor', 'ratio', 'floor is'];
  const body = lines.map((l) => [l.scenario, l.metric, fmt(l.value), l.unit, fmt(l.floor), ratioOf(l), l.floorLabel]);
  const widths = header.map((h, i) => Math.max(width(h), ...body.map((r) => width(r[i] ?? ''))));
  const numeric = new Set([2, 4]);
  const row = (cells: string[]): string => cells.map((c, i) => pad(c, widths[i] ?? 0, numeric.has(i))).join('  ');
  return [row(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(row)].join('\n');
}
