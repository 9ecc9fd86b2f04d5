import type { DataSource } from 'typeorm';
import type { GroupSendAttachment } from '@shared/api/group-send.ts';
import { renderScript, type ScriptVars } from '@shared/scripts/render.ts';
import { scriptVarsFor } from '@shared/scripts/vars.ts';
import { marks, select } from '@server/db/sql.ts';
import type { Recipient } from './targets.ts';

/** WeCom takes ≤ 10 000 customers (≤ 2000 groups) per add_msg_template. */
const PER_TASK = { single: 10_000, group: 2000 } as const;

/** One WeCom send task to create: a guide, the text they send, and to whom. */
export interface PlannedTask {
  staffId: number;
  staffUserid: string;
  text: string;
  recipients: Recipient[];
}

/** Each sending guide's name and store, for {导购姓名} and {门店}. */
async function senderVars(ds: DataSource, staffIds: number[]): Promise<Map<number, { name: string; store: string | null }>> {
  if (staffIds.length === 0) return new Map();
  const rows = await select<{ id: number; name: string; store: string | null }>(
    ds,
    `SELECT s.id, s.name, d.name AS store FROM staff s LEFT JOIN department d ON d.id = s.main_department_id WHERE s.id IN (${marks(staffIds.length)})`,
    staffIds,
  );
  return new Map(rows.map((r) => [Number(r.id), { name: r.name, store: r.store }]));
}

/** The variables of one recipient, from the shared source of script variables ({客户称呼}: the 称呼, else their name). */
function varsOf(r: Recipient, sender: { name: string; store: string | null } | undefined, now: Date): ScriptVars {
  const guide = { name: sender?.name ?? '', store: sender?.store ?? null };
  return r.customerId !== null
    ? scriptVarsFor({ guide, now, customer: { name: r.name, salutation: r.salutation } })
    : scriptVarsFor({ guide, now, group: { name: r.name } });
}

/**
 * Renders the content for every recipient with the shared script renderer and
 * groups recipients by (guide, rendered text): WeCom sends one text per task,
 * so a text that differs per customer becomes one task per customer.
 */
export async function planTasks(
  ds: DataSource,
  chatType: 'single' | 'group',
  content: string,
  recipients: readonly Recipient[],
  now: Date,
): Promise<PlannedTask[]> {
  const senders = await senderVars(ds, [...new Set(recipients.map((r) => r.staffId))]);
  const byKey = new Map<string, PlannedTask>();
  const planned: PlannedTask[] = [];
  for (const r of recipients) {
    const text = renderScript(content, varsOf(r, senders.get(r.staffId), now));
    const key = `${r.staffId}\u0000${text}`;
    let task = byKey.get(key);
    if (!task || task.recipients.length >= PER_TASK[chatType]) {
      task = { staffId: r.staffId, staffUserid: r.staffUserid, text, recipients: [] };
      byKey.set(key, task);
      planned.push(task);
    }
    task.recipients.push(r);
  }
  return planned;
}

/** WeCom's attachment objects for the composed link cards. */
export function wecomAttachments(attachments: readonly GroupSendAttachment[]) {
  return attachments.map((a) => ({
    msgtype: 'link' as const,
    link: {
      title: a.link.title,
      url: a.link.url,
      ...(a.link.desc ? { desc: a.link.desc } : {}),
      ...(a.link.picurl ? { picurl: a.link.picurl } : {}),
    },
  }));
}
