import { LIFECYCLE_LABELS, type LifecycleStage } from '@shared/enums.ts';
import type { Facts } from '@shared/customers/facts.ts';
import { leafHits, matchedLeaves, type Condition, type ConditionLeaf } from './condition.ts';

/**
 * Why a condition holds, in the guide's words (pure): one phrase per fact that made it hold,
 * e.g. segment + daysSinceLastOrder → "重要价值客户，45 天未下单".
 */
function phrase(leaf: ConditionLeaf, facts: Facts): string | null {
  const v = facts[leaf.fact];
  const n = typeof v === 'number' ? v : null;
  switch (leaf.fact) {
    case 'segment':
      return facts.segmentLabel || null;
    case 'lifecycleStage':
      return typeof v === 'string' && v in LIFECYCLE_LABELS ? `${LIFECYCLE_LABELS[v as LifecycleStage]}阶段` : null;
    case 'daysToBirthday':
      return n === null ? null : n === 0 ? '今天生日' : `生日在 ${n} 天后`;
    case 'daysSinceLastOrder':
      return n === null ? null : `${n} 天未下单`;
    case 'daysSinceLastContact':
      return n === null ? null : n === 0 ? '今天联系过' : `${n} 天未联系`;
    case 'daysSinceLastRefund':
      return n === null ? null : n === 0 ? '今天有退款' : `${n} 天前有退款`;
    case 'daysSinceComplaint':
      return n === null ? null : n === 0 ? '今天反馈过问题' : `${n} 天前反馈过问题`;
    case 'hoursSinceAdded':
      return '新加的好友';
    case 'messagesOutSinceAdded':
      return n === 0 ? '还没发过消息' : null;
    case 'paidOrderDaysAgo': {
      const hit = leafHits(leaf, v)[0];
      return typeof hit === 'number' ? `${hit} 天前下单` : null;
    }
    case 'tagNames': {
      const hits = leafHits(leaf, v);
      return hits.length ? hits.join('、') : null;
    }
  }
}

/** The phrases explaining why `cond` holds (deduplicated, in order), or null when it does not hold. */
export function explainCondition(cond: Condition, facts: Facts): string[] | null {
  const leaves = matchedLeaves(cond, facts);
  if (leaves === null) return null;
  return [...new Set(leaves.map((l) => phrase(l, facts)).filter((p): p is string => !!p))];
}
