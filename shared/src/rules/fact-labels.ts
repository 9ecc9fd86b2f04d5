import type { FactName } from '@shared/customers/facts.ts';
import type { ConditionLeaf } from './condition.ts';

/**
 * How each customer fact reads in an editor (pure): its Chinese name, the kind of value it takes
 * (which decides the input shown) and the comparisons that make sense for it.
 */
export type FactKind = 'days' | 'hours' | 'count' | 'segment' | 'stage' | 'tags';
export interface FactLabel {
  label: string;
  kind: FactKind;
  ops: ReadonlyArray<ConditionLeaf['op']>;
}

const NUMERIC = ['lte', 'gte', 'eq', 'between'] as const;
export const FACT_LABELS: Record<FactName, FactLabel> = {
  segment: { label: '客户分层', kind: 'segment', ops: ['in', 'eq', 'ne'] },
  lifecycleStage: { label: '生命周期阶段', kind: 'stage', ops: ['in', 'eq', 'ne'] },
  tagNames: { label: '客户标签', kind: 'tags', ops: ['in', 'eq'] },
  daysSinceLastOrder: { label: '距上次下单（天）', kind: 'days', ops: NUMERIC },
  daysSinceLastContact: { label: '距上次联系（天）', kind: 'days', ops: NUMERIC },
  daysToBirthday: { label: '距生日（天）', kind: 'days', ops: NUMERIC },
  daysSinceLastRefund: { label: '距上次退款（天）', kind: 'days', ops: NUMERIC },
  daysSinceComplaint: { label: '距上次反馈问题（天）', kind: 'days', ops: NUMERIC },
  paidOrderDaysAgo: { label: '近一月某笔订单距今（天）', kind: 'days', ops: NUMERIC },
  hoursSinceAdded: { label: '加好友至今（小时）', kind: 'hours', ops: NUMERIC },
  messagesOutSinceAdded: { label: '加好友后发出的消息数', kind: 'count', ops: NUMERIC },
};

export const OP_LABELS: Record<ConditionLeaf['op'], string> = {
  eq: '等于',
  ne: '不等于',
  lt: '小于',
  lte: '不超过',
  gt: '大于',
  gte: '至少',
  in: '属于',
  between: '介于',
};
