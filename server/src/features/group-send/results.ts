import type { GroupSendRecipientStatus } from '@shared/api/group-send.ts';
import type { AppDeps } from '@server/context.ts';
import { chunks, dbTime, marks, select } from '@server/db/sql.ts';
import { log } from '@server/logger.ts';
import { wecomClientFor } from '@server/wecom/client.ts';

/** get_groupmsg_send_result status → ours (0 未发送, 1 已发送, 2 非好友, 3 超过接收上限). */
const FROM_WECOM: Record<0 | 1 | 2 | 3, GroupSendRecipientStatus> = { 0: 'pending', 1: 'sent', 2: 'not_friend', 3: 'over_limit' };

interface MessageRow {
  id: number;
  msgid: string;
  userid: string;
}

/**
 * Reads every still-open task of a send back from WeCom (task status, then the
 * per-recipient outcome) and writes the outcomes set-based: one UPDATE per
 * (status, send time). The send is `sent` once every task is.
 */
export async function refreshResults(deps: AppDeps, sendId: number, now: Date): Promise<void> {
  const { ds } = deps;
  const client = wecomClientFor(deps);
  const messages = await select<MessageRow>(
    ds,
    `SELECT m.id, m.msgid, s.userid FROM group_send_message m JOIN staff s ON s.id = m.staff_id
      WHERE m.group_send_id = ? AND m.msgid IS NOT NULL AND m.sent_at IS NULL`,
    [sendId],
  );
  try {
    for (const m of messages) {
      const task = (await client.groupMsgTasks(m.msgid)).find((t) => t.userid.toLowerCase() === m.userid.toLowerCase());
      if (!task || task.status === 0) continue;
      const results = await client.groupMsgSendResults(m.msgid, m.userid);
      await applyResults(deps, m.id, results);
      await ds.query('UPDATE group_send_message SET sent_at = ? WHERE id = ?', [
        dbTime(new Date((task.send_time ?? 0) * 1000 || now.getTime())),
        m.id,
      ]);
    }
  } catch (err) {
    // Results are best effort: the page shows the last known state with its time.
    log('wecom', { component: 'group-send' }).warn({ err, sendId }, 'group send results not refreshed');
    return;
  }
  const open = await select<{ n: number }>(
    ds,
    'SELECT COUNT(*) AS n FROM group_send_message WHERE group_send_id = ? AND msgid IS NOT NULL AND sent_at IS NULL',
    [sendId],
  );
  const done = Number(open[0]?.n ?? 0) === 0;
  await ds.query(`UPDATE group_send SET results_at = ?${done ? ", status = 'sent'" : ''} WHERE id = ? AND status = 'sending'`, [
    dbTime(now),
    sendId,
  ]);
}

async function applyResults(
  deps: AppDeps,
  messageId: number,
  results: Array<{ external_userid?: string; chat_id?: string; status: 0 | 1 | 2 | 3; send_time?: number }>,
): Promise<void> {
  const { ds } = deps;
  const rows = await select<{ id: number; wecom_id: string }>(
    ds,
    `SELECT r.id, COALESCE(c.external_userid, g.chat_id) AS wecom_id
       FROM group_send_recipient r LEFT JOIN customer c ON c.id = r.customer_id LEFT JOIN group_chat g ON g.id = r.group_id
      WHERE r.message_id = ? AND r.status = 'pending'`,
    [messageId],
  );
  const idOf = new Map(rows.map((r) => [r.wecom_id, Number(r.id)]));
  const batches = new Map<string, { status: GroupSendRecipientStatus; sentAt: string | null; ids: number[] }>();
  for (const res of results) {
    const id = idOf.get(res.external_userid ?? res.chat_id ?? '');
    if (id === undefined || res.status === 0) continue;
    const sentAt = res.status === 1 && res.send_time ? dbTime(new Date(res.send_time * 1000)) : null;
    const key = `${res.status}|${sentAt}`;
    const batch = batches.get(key) ?? { status: FROM_WECOM[res.status], sentAt, ids: [] };
    batch.ids.push(id);
    batches.set(key, batch);
  }
  for (const b of batches.values()) {
    for (const part of chunks(b.ids, 1000)) {
      await ds.query(`UPDATE group_send_recipient SET status = ?, sent_at = ? WHERE id IN (${marks(part.length)})`, [
        b.status,
        b.sentAt,
        ...part,
      ]);
    }
  }
}
