import { Readable } from 'node:stream';
import type { ParameterizedContext } from 'koa';
import type { AppState } from '@server/http/types.ts';

/** A number written with a fixed count of decimals (money 12.50, minutes 2.0): a number, so never formula-guarded. */
export interface FixedNumber {
  fixed: number;
  digits: number;
}

export type Cell = string | number | FixedNumber | null | undefined;

/**
 * One CSV field: quoted when needed; a leading = + - @, tab or CR (spreadsheets may strip the
 * last two and read what follows as a formula) is prefixed with ' so Excel never runs it.
 */
export function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return v.fixed.toFixed(v.digits);
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Streams rows as UTF-8 CSV with a BOM (so Excel opens Chinese correctly)
 * as a download named `filename`.
 */
export function sendCsv(ctx: ParameterizedContext<AppState>, filename: string, header: string[], rows: Iterable<Cell[]>): void {
  function* lines(): Generator<string> {
    yield `\uFEFF${header.map(csvCell).join(',')}\r\n`;
    for (const row of rows) yield `${row.map(csvCell).join(',')}\r\n`;
  }
  ctx.set('Content-Type', 'text/csv; charset=utf-8');
  ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`);
  ctx.body = Readable.from(lines());
}
