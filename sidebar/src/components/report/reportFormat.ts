import type { TeamMetrics } from '@shared/api/reports.ts';
import { formatMoney } from '../../utils/format.ts';

/** A metric column managers can sort the team table by. */
export interface MetricColumn {
  key: keyof TeamMetrics;
  label: string;
  format: (v: number | null) => string;
  /** true when a smaller value is better (reply time, unanswered). */
  lowerIsBetter?: boolean;
}

const int = (v: number | null) => (v === null ? '—' : v.toLocaleString('zh-CN'));
const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);
export const duration = (v: number | null) => {
  if (v === null) return '—';
  if (v < 60) return `${Math.round(v)}秒`;
  if (v < 3600) return `${Math.round(v / 60)}分钟`;
  return `${(v / 3600).toFixed(1)}小时`;
};

export const TEAM_COLUMNS: MetricColumn[] = [
  { key: 'newCustomers', label: '新增客户', format: int },
  { key: 'netCustomers', label: '净增', format: int },
  { key: 'chats', label: '聊天客户', format: int },
  { key: 'messagesSent', label: '发送消息', format: int },
  { key: 'repliedRatio', label: '回复率', format: pct },
  { key: 'avgFirstReplySeconds', label: '平均首次回复', format: duration, lowerIsBetter: true },
  { key: 'unanswered', label: '未回复', format: int, lowerIsBetter: true },
  { key: 'scriptsSent', label: '发话术', format: int },
  { key: 'tagsApplied', label: '打标签', format: int },
  { key: 'followUpsWritten', label: '跟进', format: int },
  { key: 'remindersOverdue', label: '逾期提醒', format: int, lowerIsBetter: true },
  { key: 'buyers', label: '成交客户', format: int },
  { key: 'gmv', label: '成交额', format: (v) => formatMoney(v) },
  { key: 'lostByCustomer', label: '被删除', format: int, lowerIsBetter: true },
  { key: 'wecomReplyPercentage', label: '回复率(企微)', format: (v) => (v === null ? '—' : `${v}%`) },
  { key: 'wecomAvgReplyTime', label: '平均回复(企微)', format: (v) => (v === null ? '—' : `${v}分钟`), lowerIsBetter: true },
];

/** Change against the previous period: '+12%' / '-5%' / '新' / ''; and whether it is good news. */
export function delta(cur: number | null, prev: number | null, lowerIsBetter = false): { text: string; good: boolean | null } {
  if (cur === null || prev === null) return { text: '', good: null };
  if (prev === 0) return cur === 0 ? { text: '', good: null } : { text: '新', good: !lowerIsBetter };
  const change = (cur - prev) / Math.abs(prev);
  if (Math.abs(change) < 0.005) return { text: '持平', good: null };
  const up = change > 0;
  return { text: `${up ? '↑' : '↓'}${Math.round(Math.abs(change) * 100)}%`, good: lowerIsBetter ? !up : up };
}
