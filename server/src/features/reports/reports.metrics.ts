import type { TeamMetrics } from '@shared/api/reports.ts';

/**
 * Sums of staff_daily_stats columns as SQL select list (shared by team and trend queries). WeCom's
 * own ratios are averaged over the days WeCom reported them, kept as sum and count so that sums of
 * several guides add up (the team total) and the average is taken last.
 */
export const SUM_COLUMNS = `
  SUM(new_customers) AS new_customers, SUM(lost_by_customer) AS lost_by_customer, SUM(lost_by_staff) AS lost_by_staff,
  SUM(chats) AS chats, SUM(messages_sent) AS messages_sent, SUM(messages_received) AS messages_received,
  SUM(turns_opened) AS turns_opened, SUM(turns_replied) AS turns_replied, SUM(reply_seconds_sum) AS reply_seconds_sum,
  SUM(unanswered) AS unanswered, SUM(scripts_sent) AS scripts_sent, SUM(tags_applied) AS tags_applied,
  SUM(follow_ups_written) AS follow_ups_written, SUM(reminders_done) AS reminders_done, SUM(reminders_overdue) AS reminders_overdue,
  SUM(buyers) AS buyers, SUM(orders) AS orders, SUM(gmv) AS gmv,
  SUM(wecom_chat_cnt) AS wecom_chat_cnt, SUM(wecom_message_cnt) AS wecom_message_cnt,
  SUM(wecom_reply_percentage) AS wecom_reply_percentage_sum, COUNT(wecom_reply_percentage) AS wecom_reply_percentage_days,
  SUM(wecom_avg_reply_time) AS wecom_avg_reply_time_sum, COUNT(wecom_avg_reply_time) AS wecom_avg_reply_time_days,
  SUM(wecom_negative_feedback_cnt) AS wecom_negative_feedback_cnt, SUM(wecom_new_apply_cnt) AS wecom_new_apply_cnt,
  SUM(wecom_new_contact_cnt) AS wecom_new_contact_cnt`;

export type SumRow = Record<string, number | string | null>;

const n = (v: number | string | null | undefined) => (v === null || v === undefined ? 0 : Number(v));
const avg = (sum: number | string | null | undefined, days: number | string | null | undefined) =>
  n(days) > 0 ? Math.round((n(sum) / n(days)) * 100) / 100 : null;

/** Adds up summed rows column by column (the totals of a team from its guides' sums). */
export function addSums(rows: Iterable<SumRow>): SumRow {
  const total: Record<string, number> = {};
  for (const row of rows) {
    for (const [k, v] of Object.entries(row)) {
      if (k !== 'staff_id' && k !== 'day') total[k] = (total[k] ?? 0) + n(v);
    }
  }
  return total;
}

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
    wecomReplyPercentage: avg(r?.wecom_reply_percentage_sum, r?.wecom_reply_percentage_days),
    wecomAvgReplyTime: avg(r?.wecom_avg_reply_time_sum, r?.wecom_avg_reply_time_days),
    wecomNegativeFeedbackCnt: n(r?.wecom_negative_feedback_cnt),
    wecomNewApplyCnt: n(r?.wecom_new_apply_cnt),
    wecomNewContactCnt: n(r?.wecom_new_contact_cnt),
  };
}
