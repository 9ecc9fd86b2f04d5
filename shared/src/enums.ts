/**
 * Enumerations shared by the server and the sidebar. Stored as strings in the
 * database so a row reads the same in SQL as in code.
 */
export const ROLES = ['guide', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const CUSTOMER_TYPES = { wechat: 1, wecom: 2 } as const;

export const LOST_REASONS = ['customer_deleted_staff', 'staff_deleted_customer', 'unseen_in_sync', 'transferred'] as const;
export type LostReason = (typeof LOST_REASONS)[number];

export const INTERACTION_TYPES = [
  'message_in',
  'message_out',
  'group_message',
  'friend_added',
  'friend_lost',
  'tag_added',
  'tag_removed',
  'note',
  'follow_up_done',
  'script_sent',
  'remark_changed',
  'order_paid',
  'order_refunded',
  'group_join',
  'group_leave',
  'segment_changed',
  'transferred',
  'profile_updated',
] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];

export const INTERACTION_SOURCES = ['sync', 'callback', 'archive', 'sidebar', 'orders', 'rfm', 'seed', 'transfer'] as const;
export type InteractionSource = (typeof INTERACTION_SOURCES)[number];

export const ORDER_STATUSES = ['paid', 'refunded', 'partially_refunded', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ATTRIBUTION_RULES = ['payload_guide', 'last_interaction', 'only_follow', 'none'] as const;
export type AttributionRule = (typeof ATTRIBUTION_RULES)[number];

export const SCRIPT_TYPES = ['text', 'image', 'link', 'miniprogram'] as const;
export type ScriptType = (typeof SCRIPT_TYPES)[number];

export const SCRIPT_SCOPES = ['corp', 'personal'] as const;
export type ScriptScope = (typeof SCRIPT_SCOPES)[number];

export const SYNC_KINDS = ['full', 'incremental'] as const;
export const SYNC_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

export const LIFECYCLE_STAGES = ['aware', 'interested', 'purchased', 'loyal', 'churn_risk'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export const LIFECYCLE_LABELS: Record<LifecycleStage, string> = {
  aware: '认知',
  interested: '兴趣',
  purchased: '已购',
  loyal: '忠诚',
  churn_risk: '流失风险',
};

export const RFM_SEGMENTS = [
  'champion',
  'promising_high_value',
  'at_risk_loyal',
  'win_back_high_value',
  'loyal_low_value',
  'new_low_value',
  'at_risk_low_value',
  'lost_low_value',
  'prospect',
  'lapsed',
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

export const RFM_SEGMENT_LABELS: Record<RfmSegment, string> = {
  champion: '重要价值客户',
  promising_high_value: '重要发展客户',
  at_risk_loyal: '重要保持客户',
  win_back_high_value: '重要挽留客户',
  loyal_low_value: '一般价值客户',
  new_low_value: '一般发展客户',
  at_risk_low_value: '一般保持客户',
  lost_low_value: '一般挽留客户',
  prospect: '未购买',
  lapsed: '沉睡',
};
