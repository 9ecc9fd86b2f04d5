import type { ReportValueFormat } from '@shared/api/reports.ts';
import { formatDateTime, formatMoney } from '../../utils/format.ts';

const int = (v: number) => v.toLocaleString('zh-CN');

export const duration = (seconds: number | null) => {
  if (seconds === null) return '—';
  if (seconds < 60) return `${Math.round(seconds)}秒`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}分钟`;
  return `${(seconds / 3600).toFixed(1)}小时`;
};

/** Money for a narrow cell: whole 元 below ¥1万, then 万 with one decimal (the CSV has the exact amount). */
export function compactMoney(fen: number): string {
  const yuan = fen / 100;
  if (Math.abs(yuan) >= 10_000) return `¥${(yuan / 10_000).toFixed(1)}万`;
  return `¥${Math.round(yuan).toLocaleString('zh-CN')}`;
}

/** A report value as a table cell shows it; '—' when there is no figure. */
export function formatValue(format: ReportValueFormat, v: string | number | null, opts: { compact?: boolean } = {}): string {
  if (v === null || v === '') return '—';
  if (typeof v === 'string') return format === 'datetime' ? formatDateTime(v) : v;
  switch (format) {
    case 'ratio':
      return `${Math.round(v * 100)}%`;
    case 'percent':
      return `${Math.round(v)}%`;
    case 'seconds':
      return duration(v);
    case 'minutes':
      return duration(v * 60);
    case 'fen':
      return opts.compact ? compactMoney(v) : formatMoney(v);
    default:
      return int(v);
  }
}

/** A narrow header wraps between two even halves (新增/客户), never leaving one character alone on a line. */
export function halves(label: string): string[] {
  const chars = Array.from(label);
  if (chars.length <= 3) return [label];
  const cut = Math.ceil(chars.length / 2);
  return [chars.slice(0, cut).join(''), chars.slice(cut).join('')];
}

/** Change against the previous period: '+12%' / '-5%' / '新' / ''; and whether it is good news. */
export function delta(cur: number | null, prev: number | null, lowerIsBetter = false): { text: string; good: boolean | null } {
  if (cur === null || prev === null) return { text: '', good: null };
  if (prev === 0) return cur === 0 ? { text: '', good: null } : { text: '新', good: !lowerIsBetter };
  const change = (cur - prev) / Math.abs(prev);
  if (Math.abs(change) < 0.005) return { text: '持平', good: null };
  const up = change > 0;
  return { text: `${up ? '↑' : '↓'}${Math.round(Math.abs(change) * 100)}%`, good: lowerIsBetter ? !up : up };
}

export function deltaClass(cur: number | null, prev: number | null, lowerIsBetter?: boolean): string {
  const d = delta(cur, prev, lowerIsBetter);
  return d.good === null ? 'is-flat' : d.good ? 'is-good' : 'is-bad';
}
