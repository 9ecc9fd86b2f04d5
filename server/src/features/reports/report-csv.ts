import { REPORT_UNITS, type ReportColumn, type ReportValueFormat } from '@shared/api/reports.ts';
import type { Cell } from './csv.ts';

/** A column's CSV header: its label plus the unit the export writes it in. */
export function csvHeader(column: { label: string; format: ReportValueFormat }): string {
  const unit = REPORT_UNITS[column.format];
  return unit ? `${column.label}(${unit})` : column.label;
}

/** 'YYYY-MM-DD HH:mm' in Asia/Shanghai, the time managers read (the API itself speaks UTC ISO). */
export function shanghaiMinute(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** A value as a spreadsheet should get it: 元 with two decimals, minutes and percent with one, local time. */
export function csvValue(format: ReportValueFormat, v: string | number | null): Cell {
  if (v === null) return null;
  const n = Number(v);
  switch (format) {
    case 'fen':
      return { fixed: n / 100, digits: 2 };
    case 'ratio':
      return { fixed: n * 100, digits: 1 };
    case 'percent':
      return { fixed: n, digits: 1 };
    case 'seconds':
      return { fixed: n / 60, digits: 1 };
    case 'minutes':
      return { fixed: n, digits: 1 };
    case 'count':
      return n;
    case 'datetime':
      return shanghaiMinute(String(v));
    case 'text':
      return String(v);
  }
}

/** The header and cells of rows under `columns`, in column order (the order the sidebar table shows). */
export function csvTable<Row>(columns: readonly ReportColumn<Row>[], rows: readonly Row[]): { header: string[]; rows: Cell[][] } {
  return {
    header: columns.map(csvHeader),
    rows: rows.map((row) => columns.map((c) => csvValue(c.format, c.value(row)))),
  };
}
