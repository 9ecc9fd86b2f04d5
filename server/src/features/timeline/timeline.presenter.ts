import type { TimelineDetail, TimelineItem } from '@shared/api/timeline.ts';
import { RFM_SEGMENT_LABELS, RFM_SEGMENTS, type InteractionSource, type InteractionType, type RfmSegment } from '@shared/enums.ts';
import { addWayLabel } from '@server/features/customers/common/labels.ts';

export const INTERACTION_TYPE_LABELS: Record<InteractionType, string> = {
  message_in: '客户消息', message_out: '发送消息', group_message: '群消息',
  friend_added: '添加好友', friend_lost: '好友流失',
  tag_added: '打标签', tag_removed: '移除标签',
  note: '跟进记录', follow_up_done: '完成跟进', script_sent: '发送话术', remark_changed: '修改备注',
  order_paid: '下单', order_refunded: '退款',
  group_join: '入群', group_leave: '退群',
  segment_changed: '客户分层变化',
};

const LOST_REASON_LABELS: Record<string, string> = {
  customer_deleted_staff: '客户删除了导购', staff_deleted_customer: '导购删除了客户', unseen_in_sync: '同步时未找到该关系',
};

/** A raw interaction row plus what the page-level lookups resolved. */
export interface TimelineRow {
  id: number;
  type: InteractionType;
  occurredAt: Date;
  source: InteractionSource;
  staffId: number | null;
  staffName: string | null;
  groupId: number | null;
  payload: Record<string, unknown>;
}

export interface TimelineLookups {
  tagNames: Map<string, string>;
  groupNames: Map<number, string>;
}

// Payloads come from several writers (sync, archive, orders, RFM, sidebar, demo seed), which
// name the same things slightly differently; the readers below accept each spelling.
function str(p: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = p[k];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}
function num(p: Record<string, unknown>, ...keys: string[]): number | undefined {
  for (const k of keys) {
    const v = p[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && v !== '' && Number.isFinite(Number(v))) return Number(v);
  }
  return undefined;
}
function strs(p: Record<string, unknown>, ...keys: string[]): string[] {
  for (const k of keys) {
    const v = p[k];
    if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
    if (typeof v === 'string' && v !== '') return [v];
  }
  return [];
}

/** Tag ids a tag_added/tag_removed payload refers to (for the page-level name lookup). */
export function tagIdsOf(payload: Record<string, unknown>): string[] {
  return strs(payload, 'tagIds', 'tag_ids', 'tagId', 'tag_id');
}

function segmentName(v: string | undefined): string | null {
  if (!v) return null;
  return (RFM_SEGMENTS as readonly string[]).includes(v) ? RFM_SEGMENT_LABELS[v as RfmSegment] : v;
}

const yuan = (fen: number): string => `¥${(fen / 100).toFixed(2)}`;

function detailOf(row: TimelineRow, lookups: TimelineLookups): TimelineDetail {
  const p = row.payload;
  const groupName = row.groupId !== null ? lookups.groupNames.get(row.groupId) : str(p, 'groupName', 'group_name');
  const d: TimelineDetail = {};
  if (row.groupId !== null) d.groupId = row.groupId;
  if (groupName) d.groupName = groupName;
  switch (row.type) {
    case 'message_in': case 'message_out': case 'group_message': {
      const text = str(p, 'text', 'content');
      if (text !== undefined) d.text = text;
      d.msgtype = str(p, 'msgtype') ?? 'text';
      break;
    }
    case 'tag_added': case 'tag_removed': {
      const names = strs(p, 'tagNames', 'tag_names', 'tagName', 'tag_name');
      d.tagNames = names.length > 0 ? names : tagIdsOf(p).map((id) => lookups.tagNames.get(id) ?? id);
      break;
    }
    case 'note': case 'follow_up_done': {
      const content = str(p, 'content');
      if (content !== undefined) d.content = content;
      const remindAt = str(p, 'remindAt');
      if (remindAt !== undefined) d.remindAt = remindAt;
      const followUpId = num(p, 'followUpId');
      if (followUpId !== undefined) d.followUpId = followUpId;
      break;
    }
    case 'script_sent': {
      const title = str(p, 'scriptTitle', 'title');
      if (title !== undefined) d.scriptTitle = title;
      const t = str(p, 'scriptType', 'script_type');
      if (t !== undefined) d.scriptType = t;
      const scriptId = num(p, 'scriptId');
      if (scriptId !== undefined) d.scriptId = scriptId;
      const text = str(p, 'text');
      if (text !== undefined) d.text = text;
      break;
    }
    case 'remark_changed':
      d.remark = str(p, 'remark') ?? null;
      d.description = str(p, 'description') ?? null;
      break;
    case 'order_paid': case 'order_refunded': {
      const orderNo = str(p, 'orderNo', 'order_no');
      if (orderNo !== undefined) d.orderNo = orderNo;
      const amount = row.type === 'order_paid' ? num(p, 'amount', 'paidAmount', 'paid_amount') : num(p, 'amount', 'refundedAmount', 'refunded_amount');
      if (amount !== undefined) d.amount = amount;
      break;
    }
    case 'segment_changed':
      d.fromSegment = str(p, 'fromLabel') ?? segmentName(str(p, 'from'));
      d.toSegment = str(p, 'toLabel') ?? segmentName(str(p, 'to'));
      break;
    case 'friend_added': {
      const way = num(p, 'addWay', 'add_way');
      if (way !== undefined) d.addWayLabel = addWayLabel(way);
      break;
    }
    case 'friend_lost': {
      const reason = str(p, 'reason', 'lostReason', 'lost_reason');
      if (reason !== undefined) d.lostReasonLabel = LOST_REASON_LABELS[reason] ?? reason;
      break;
    }
    default:
      break;
  }
  return d;
}

function summaryOf(row: TimelineRow, d: TimelineDetail): string {
  const who = row.staffName ?? '';
  const clip = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  switch (row.type) {
    case 'message_in': return `客户：${clip(d.text ?? `[${d.msgtype ?? '消息'}]`)}`;
    case 'message_out': return `${who || '导购'}：${clip(d.text ?? `[${d.msgtype ?? '消息'}]`)}`;
    case 'group_message': return `在群「${d.groupName ?? '客户群'}」发言：${clip(d.text ?? `[${d.msgtype ?? '消息'}]`)}`;
    case 'friend_added': return `${who ? `添加了导购 ${who}` : '添加为好友'}${d.addWayLabel ? `（${d.addWayLabel}）` : ''}`;
    case 'friend_lost': return `与 ${who || '导购'} 的好友关系解除${d.lostReasonLabel ? `（${d.lostReasonLabel}）` : ''}`;
    case 'tag_added': return `${who} 添加标签：${(d.tagNames ?? []).join('、')}`.trim();
    case 'tag_removed': return `${who} 移除标签：${(d.tagNames ?? []).join('、')}`.trim();
    case 'note': return `${who} 记录跟进：${clip(d.content ?? '')}`.trim();
    case 'follow_up_done': return `${who} 完成跟进：${clip(d.content ?? '')}`.trim();
    case 'script_sent': return `${who} 发送话术「${d.scriptTitle ?? '话术'}」`.trim();
    case 'remark_changed': return `${who} 修改备注为「${d.remark ?? ''}」${d.description ? `，描述「${clip(d.description, 30)}」` : ''}`.trim();
    case 'order_paid': return `下单${d.amount !== undefined ? ` ${yuan(d.amount)}` : ''}${d.orderNo ? `（订单 ${d.orderNo}）` : ''}`;
    case 'order_refunded': return `退款${d.amount !== undefined ? ` ${yuan(d.amount)}` : ''}${d.orderNo ? `（订单 ${d.orderNo}）` : ''}`;
    case 'group_join': return `加入客户群「${d.groupName ?? '客户群'}」`;
    case 'group_leave': return `退出客户群「${d.groupName ?? '客户群'}」`;
    case 'segment_changed': return `客户分层：${d.fromSegment ?? '无'} → ${d.toSegment ?? '无'}`;
  }
}

/** One timeline row for the sidebar: type label, staff, Chinese summary, display fields. */
export function presentTimelineItem(row: TimelineRow, lookups: TimelineLookups): TimelineItem {
  const detail = detailOf(row, lookups);
  return {
    id: row.id,
    type: row.type,
    typeLabel: INTERACTION_TYPE_LABELS[row.type] ?? row.type,
    occurredAt: row.occurredAt.toISOString(),
    source: row.source,
    staff: row.staffId !== null && row.staffName !== null ? { id: row.staffId, name: row.staffName } : null,
    summary: summaryOf(row, detail),
    detail,
  };
}
