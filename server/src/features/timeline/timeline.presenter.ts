import type { TimelineDetail, TimelineItem } from '@shared/api/timeline.ts';
import { RFM_SEGMENT_LABELS, type InteractionSource, type InteractionType, type LostReason } from '@shared/enums.ts';
import { readStoredInteraction } from '@shared/timeline/stored.ts';
import { addWayLabel } from '@server/features/customers/index.ts';

export const INTERACTION_TYPE_LABELS: Record<InteractionType, string> = {
  message_in: '客户消息',
  message_out: '发送消息',
  group_message: '群消息',
  friend_added: '添加好友',
  friend_lost: '好友流失',
  tag_added: '打标签',
  tag_removed: '移除标签',
  note: '跟进记录',
  follow_up_done: '完成跟进',
  script_sent: '发送话术',
  remark_changed: '修改备注',
  order_paid: '下单',
  order_refunded: '退款',
  group_join: '入群',
  group_leave: '退群',
  segment_changed: '客户分层变化',
  transferred: '转交',
  profile_updated: '更新资料',
};

const LOST_REASON_LABELS: Record<LostReason, string> = {
  customer_deleted_staff: '客户删除了导购',
  staff_deleted_customer: '导购删除了客户',
  unseen_in_sync: '同步时未找到该关系',
  transferred: '已转交给其他导购',
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
  /** The stored JSON, read through the type's payload schema. */
  payload: unknown;
}

export interface TimelineLookups {
  tagNames: Map<string, string>;
  groupNames: Map<number, string>;
  /** Channel code names by state key (adds through a channel code). */
  channelNames?: Map<string, string>;
}

/** The state a friend_added row carries (a channel key when the add came through a channel code). */
export function addStateOf(row: Pick<TimelineRow, 'type' | 'payload'>): string | null {
  const stored = readStoredInteraction(row.type, row.payload);
  return stored?.type === 'friend_added' && stored.payload.state ? stored.payload.state : null;
}

/** Tag ids a tag_added/tag_removed row refers to (for the page-level name lookup). */
export function tagIdsOf(row: Pick<TimelineRow, 'type' | 'payload'>): string[] {
  const stored = readStoredInteraction(row.type, row.payload);
  return stored && (stored.type === 'tag_added' || stored.type === 'tag_removed') ? (stored.payload.tagIds ?? []) : [];
}

const yuan = (fen: number): string => `¥${(fen / 100).toFixed(2)}`;

// Empty strings in stored payloads mean "not given", as they always did for the timeline.
function detailOf(row: TimelineRow, lookups: TimelineLookups): TimelineDetail {
  const d: TimelineDetail = {};
  if (row.groupId !== null) {
    d.groupId = row.groupId;
    const groupName = lookups.groupNames.get(row.groupId);
    if (groupName) d.groupName = groupName;
  }
  const stored = readStoredInteraction(row.type, row.payload);
  if (!stored) return d;
  switch (stored.type) {
    case 'message_in':
    case 'message_out':
    case 'group_message': {
      const { text, msgtype } = stored.payload;
      if (text) d.text = text;
      d.msgtype = msgtype || 'text';
      break;
    }
    case 'tag_added':
    case 'tag_removed': {
      const { tagNames, tagIds } = stored.payload;
      d.tagNames = tagNames && tagNames.length > 0 ? tagNames : (tagIds ?? []).map((id) => lookups.tagNames.get(id) ?? id);
      break;
    }
    case 'note':
    case 'follow_up_done': {
      const { content, followUpId } = stored.payload;
      if (content) d.content = content;
      if (stored.type === 'note' && stored.payload.remindAt) d.remindAt = stored.payload.remindAt;
      if (followUpId !== undefined) d.followUpId = followUpId;
      break;
    }
    case 'script_sent': {
      const { scriptTitle, scriptType, scriptId, text } = stored.payload;
      if (scriptTitle) d.scriptTitle = scriptTitle;
      if (scriptType) d.scriptType = scriptType;
      if (scriptId !== undefined) d.scriptId = scriptId;
      if (text) d.text = text;
      break;
    }
    case 'remark_changed':
      d.remark = stored.payload.remark || null;
      d.description = stored.payload.description || null;
      break;
    case 'order_paid':
    case 'order_refunded': {
      const { orderNo } = stored.payload;
      if (orderNo) d.orderNo = orderNo;
      const amount = stored.type === 'order_paid' ? stored.payload.paidAmount : stored.payload.refundedAmount;
      if (amount !== undefined) d.amount = amount;
      break;
    }
    case 'segment_changed': {
      const { from, to, fromLabel, toLabel } = stored.payload;
      d.fromSegment = fromLabel || (from ? RFM_SEGMENT_LABELS[from] : null);
      d.toSegment = toLabel || (to ? RFM_SEGMENT_LABELS[to] : null);
      break;
    }
    case 'friend_added': {
      if (stored.payload.addWay !== undefined) d.addWayLabel = addWayLabel(stored.payload.addWay);
      const channel = stored.payload.state ? lookups.channelNames?.get(stored.payload.state) : undefined;
      if (channel) d.channelName = channel;
      break;
    }
    case 'friend_lost':
      if (stored.payload.reason) d.lostReasonLabel = LOST_REASON_LABELS[stored.payload.reason];
      break;
    case 'transferred':
      if (stored.payload.fromName) d.fromName = stored.payload.fromName;
      if (stored.payload.toName) d.toName = stored.payload.toName;
      break;
    case 'profile_updated':
      d.changes = stored.payload.changes ?? [];
      break;
    case 'group_join':
    case 'group_leave':
      break;
  }
  return d;
}

function summaryOf(row: TimelineRow, d: TimelineDetail): string {
  const who = row.staffName ?? '';
  const clip = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  switch (row.type) {
    case 'message_in':
      return `客户：${clip(d.text ?? `[${d.msgtype ?? '消息'}]`)}`;
    case 'message_out':
      return `${who || '导购'}：${clip(d.text ?? `[${d.msgtype ?? '消息'}]`)}`;
    case 'group_message':
      return `在群「${d.groupName ?? '客户群'}」发言：${clip(d.text ?? `[${d.msgtype ?? '消息'}]`)}`;
    case 'friend_added': {
      const how = [d.addWayLabel, d.channelName ? `渠道「${d.channelName}」` : undefined].filter(Boolean).join(' · ');
      return `${who ? `添加了导购 ${who}` : '添加为好友'}${how ? `（${how}）` : ''}`;
    }
    case 'friend_lost':
      return `与 ${who || '导购'} 的好友关系解除${d.lostReasonLabel ? `（${d.lostReasonLabel}）` : ''}`;
    case 'tag_added':
      return `${who} 添加标签：${(d.tagNames ?? []).join('、')}`.trim();
    case 'tag_removed':
      return `${who} 移除标签：${(d.tagNames ?? []).join('、')}`.trim();
    case 'note':
      return `${who} 记录跟进：${clip(d.content ?? '')}`.trim();
    case 'follow_up_done':
      return `${who} 完成跟进：${clip(d.content ?? '')}`.trim();
    case 'script_sent':
      return `${who} 发送话术「${d.scriptTitle ?? '话术'}」`.trim();
    case 'remark_changed':
      return `${who} 修改备注为「${d.remark ?? ''}」${d.description ? `，描述「${clip(d.description, 30)}」` : ''}`.trim();
    case 'order_paid':
      return `下单${d.amount !== undefined ? ` ${yuan(d.amount)}` : ''}${d.orderNo ? `（订单 ${d.orderNo}）` : ''}`;
    case 'order_refunded':
      return `退款${d.amount !== undefined ? ` ${yuan(d.amount)}` : ''}${d.orderNo ? `（订单 ${d.orderNo}）` : ''}`;
    case 'group_join':
      return `加入客户群「${d.groupName ?? '客户群'}」`;
    case 'group_leave':
      return `退出客户群「${d.groupName ?? '客户群'}」`;
    case 'segment_changed':
      return `客户分层：${d.fromSegment ?? '无'} → ${d.toSegment ?? '无'}`;
    case 'transferred':
      return `由 ${d.fromName ?? '原导购'} 转交给 ${d.toName ?? who ?? '新导购'}`;
    case 'profile_updated': {
      const parts = (d.changes ?? []).map((c) => (c.value === null ? `清空${c.label}` : `${c.label}：${clip(c.value, 30)}`));
      return `${who} 更新资料：${parts.join('；')}`.trim();
    }
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
