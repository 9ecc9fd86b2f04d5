import type { TeamMetrics } from '@shared/api/reports.ts';

/** Sums of staff_daily_stats columns as SQL select list (shared by team and trend queries). */
export const SUM_COLUMNS = `
  SUM(new_customers) AS new_customers, SUM(lost_by_customer) AS lost_by_customer, SUM(lost_by_staff) AS lost_by_staff,
  SUM(chats) AS chats, SUM(messages_sent) AS messages_sent, SUM(messages_received) AS messages_received,
  SUM(turns_opened) AS turns_opened, SUM(turns_replied) AS turns_replied, SUM(reply_seconds_sum) AS reply_seconds_sum,
  SUM(unanswered) AS unanswered, SUM(scripts_sent) AS scripts_sent, SUM(tags_applied) AS tags_applied,
  SUM(follow_ups_written) AS follow_ups_written, SUM(reminders_done) AS reminders_done, SUM(reminders_overdue) AS reminders_overdue,
  SUM(buyers) AS buyers, SUM(orders) AS orders, SUM(gmv) AS gmv,
  SUM(wecom_chat_cnt) AS wecom_chat_cnt, SUM(wecom_message_cnt) AS wecom_message_cnt,
  AVG(wecom_reply_percentage) AS wecom_reply_percentage, AVG(wecom_avg_reply_time) AS wecom_avg_reply_time,
  SUM(wecom_negative_feedback_cnt) AS wecom_negative_feedback_cnt, SUM(wecom_new_apply_cnt) AS wecom_new_apply_cnt,
  SUM(wecom_new_contact_cnt) AS wecom_new_contact_cnt`;

export type SumRow = Record<string, number | string | null>;

const n = (v: number | string | null | undefined) => (v === null || v === undefined ? 0 : Number(v));
const opt = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Math.round(Number(v) * 100) / 100);

/** Turns summed rollup columns into the reported metrics (ratios derived, never summed). */
export function toMetrics(r: SumRow | undefined): TeamMetrics {
  const turnsOpened = n(r?.turns_opened);
  const turnsReplied = n(r?.turns_replied);
  return {
    newCustomers: n(r?.new_customers),
    lostByCustomer: n(r?.lost_by_customer),
    lostByStaff: n(r?.lost_by_staff),
    netCustomers: n(r?.new_customers) - n(r?.lost_by_customer) - n(r?.lost_by_staff),
    chats: n(r?.chats),
    messagesSent: n(r?.messages_sent),
    messagesReceived: n(r?.messages_received),
    turnsOpened,
    turnsReplied,
    unanswered: n(r?.unanswered),
    repliedRatio: turnsOpened > 0 ? Math.round((turnsReplied / turnsOpened) * 1000) / 1000 : null,
    avgFirstReplySeconds: turnsReplied > 0 ? Math.round(n(r?.reply_seconds_sum) / turnsReplied) : null,
    scriptsSent: n(r?.scripts_sent),
    tagsApplied: n(r?.tags_applied),
    followUpsWritten: n(r?.follow_ups_written),
    remindersDone: n(r?.reminders_done),
    remindersOverdue: n(r?.reminders_overdue),
    buyers: n(r?.buyers),
    orders: n(r?.orders),
    gmv: n(r?.gmv),
    wecomChatCnt: n(r?.wecom_chat_cnt),
    wecomMessageCnt: n(r?.wecom_message_cnt),
    wecomReplyPercentage: opt(r?.wecom_reply_percentage),
    wecomAvgReplyTime: opt(r?.wecom_avg_reply_time),
    wecomNegativeFeedbackCnt: n(r?.wecom_negative_feedback_cnt),
    wecomNewApplyCnt: n(r?.wecom_new_apply_cnt),
    wecomNewContactCnt: n(r?.wecom_new_contact_cnt),
  };
}

/** Chinese column headers for CSV exports of TeamMetrics, in display order. */
export const METRIC_HEADERS: Array<[keyof TeamMetrics, string]> = [
  ['newCustomers', '新增客户'],
  ['lostByCustomer', '被客户删除'],
  ['lostByStaff', '删除客户'],
  ['netCustomers', '净增客户'],
  ['chats', '聊天客户数'],
  ['messagesSent', '发送消息'],
  ['messagesReceived', '收到消息'],
  ['turnsOpened', '客户发起会话'],
  ['turnsReplied', '已回复会话'],
  ['unanswered', '未回复会话'],
  ['repliedRatio', '回复率'],
  ['avgFirstReplySeconds', '平均首次回复(秒)'],
  ['scriptsSent', '发送话术'],
  ['tagsApplied', '打标签'],
  ['followUpsWritten', '跟进记录'],
  ['remindersDone', '完成提醒'],
  ['remindersOverdue', '逾期提醒'],
  ['buyers', '成交客户'],
  ['orders', '订单数'],
  ['gmv', '成交额(分)'],
  ['wecomChatCnt', '聊天数(企微)'],
  ['wecomMessageCnt', '消息数(企微)'],
  ['wecomReplyPercentage', '回复率%(企微)'],
  ['wecomAvgReplyTime', '平均回复时长(企微,分钟)'],
  ['wecomNegativeFeedbackCnt', '删除/拒绝(企微)'],
  ['wecomNewApplyCnt', '发起申请(企微)'],
  ['wecomNewContactCnt', '新增客户(企微)'],
];
