/**
 * The per-guide per-day metrics of the rollup, with where each comes from.
 * Column names are those of staff_daily_stats; labels are what managers read.
 */
export const ROLLUP_METRICS = [
  { key: 'new_customers', label: '新增客户', source: 'customer_follow.added_at, not handed over by a transfer' },
  { key: 'lost_by_customer', label: '被客户删除', source: 'customer_follow.lost_at, reason customer_deleted_staff' },
  { key: 'lost_by_staff', label: '删除客户', source: 'customer_follow.lost_at, reason staff_deleted_customer' },
  { key: 'chats', label: '聊天客户数', source: 'interaction message_in/message_out, distinct customers' },
  { key: 'messages_sent', label: '发送消息数', source: 'interaction message_out' },
  { key: 'messages_received', label: '收到消息数', source: 'interaction message_in' },
  { key: 'turns_opened', label: '客户发起会话', source: 'reply_turn (archive)' },
  { key: 'turns_replied', label: '已回复会话', source: 'reply_turn.replied_at not null' },
  { key: 'reply_seconds_sum', label: '首次回复总时长(秒)', source: 'reply_turn.reply_seconds' },
  { key: 'unanswered', label: '未回复会话', source: 'reply_turn.replied_at null' },
  { key: 'scripts_sent', label: '发送话术', source: 'script_send' },
  { key: 'tags_applied', label: '打标签', source: 'interaction tag_added' },
  { key: 'follow_ups_written', label: '跟进记录', source: 'follow_up.created_at' },
  { key: 'reminders_done', label: '完成提醒', source: 'follow_up.done_at with a reminder' },
  { key: 'reminders_overdue', label: '逾期提醒', source: 'follow_up.remind_at on that day, not done by its end' },
  { key: 'buyers', label: '成交客户', source: 'orders attributed to the guide, distinct customers' },
  { key: 'orders', label: '订单数', source: 'orders attributed to the guide (paid, partially refunded)' },
  { key: 'gmv', label: '成交额(分)', source: 'orders paid_amount − refunded_amount' },
  { key: 'wecom_chat_cnt', label: '聊天数(企微)', source: 'get_user_behavior_data chat_cnt' },
  { key: 'wecom_message_cnt', label: '消息数(企微)', source: 'get_user_behavior_data message_cnt' },
  { key: 'wecom_reply_percentage', label: '回复率%(企微)', source: 'get_user_behavior_data reply_percentage' },
  { key: 'wecom_avg_reply_time', label: '平均回复时长分钟(企微)', source: 'get_user_behavior_data avg_reply_time' },
  { key: 'wecom_negative_feedback_cnt', label: '被拒绝/删除(企微)', source: 'get_user_behavior_data negative_feedback_cnt' },
  { key: 'wecom_new_apply_cnt', label: '发起申请(企微)', source: 'get_user_behavior_data new_apply_cnt' },
  { key: 'wecom_new_contact_cnt', label: '新增客户(企微)', source: 'get_user_behavior_data new_contact_cnt' },
] as const;

export type RollupMetric = (typeof ROLLUP_METRICS)[number]['key'];
export const COUNTER_METRICS = ROLLUP_METRICS.map((m) => m.key).filter(
  (k): k is Exclude<RollupMetric, 'wecom_reply_percentage' | 'wecom_avg_reply_time'> =>
    k !== 'wecom_reply_percentage' && k !== 'wecom_avg_reply_time',
);

/**
 * Distinct buyers over the N days ending on the row's day (N = 1 is the day's own `buyers`). A
 * distinct count cannot be summed over days, so the periods the reports offer are precomputed here
 * and a team report over one of them reads a single rollup row per guide instead of the orders.
 */
export const BUYER_WINDOWS = [
  { days: 7, column: 'buyers_7d' },
  { days: 30, column: 'buyers_30d' },
  { days: 90, column: 'buyers_90d' },
] as const;

export type BuyerWindowColumn = (typeof BUYER_WINDOWS)[number]['column'];

/** The rollup column holding the distinct buyers of a period of `days` days ending on a row's day, if there is one. */
export function buyerWindowColumn(days: number): 'buyers' | BuyerWindowColumn | null {
  if (days === 1) return 'buyers';
  return BUYER_WINDOWS.find((w) => w.days === days)?.column ?? null;
}
