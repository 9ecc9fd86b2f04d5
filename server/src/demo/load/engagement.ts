import type { Role } from '@shared/enums.ts';
import { DAY_MS, shanghaiDay, shanghaiDayStart } from '@shared/time.ts';
import type { Actor } from '@server/auth/actor.ts';
import { chunks, dbTime, marks, num, select } from '@server/db/sql.ts';
import { scanAlerts, sendDigests } from '@server/features/alerts/index.ts';
import { createGroupSend, refreshResults } from '@server/features/group-send/index.ts';
import { generateSopTasks } from '@server/features/sop/index.ts';
import type { DemoLoadContext } from './load-parts.ts';

/** Days of SOP history: tasks created day by day, most of those due before today done by their guides. */
const SOP_DAYS = 14;

/**
 * What a brand running the product for a while has: a group send to its 重要价值客户 that every
 * guide confirmed in WeCom (the simulator's admin stands in for their taps), SOP tasks of the last
 * two weeks — most done, some dismissed, today's still open — and the alerts the scan pushes to
 * guides and the managers' morning digest, all through the same code a real corp runs.
 */
export async function seedEngagement(ctx: DemoLoadContext): Promise<Record<string, number>> {
  const { ds } = ctx.deps;
  const now = ctx.demo.now;

  // SOP tasks as the hourly job would have made them, one day at a time.
  let tasks = 0;
  for (let d = SOP_DAYS; d >= 0; d--) tasks += await generateSopTasks(ds, new Date(now.getTime() - d * DAY_MS));
  // Guides did most of what was due before today (by chat or 群发助手), dismissed a few; the rest is overdue.
  const due = await select<{ id: unknown }>(ds, "SELECT id FROM task WHERE status = 'open' AND due_at < ? ORDER BY id", [
    dbTime(shanghaiDayStart(shanghaiDay(now))),
  ]);
  const done: number[] = [];
  const dismissed: number[] = [];
  for (const t of due) {
    const id = num(t.id);
    if (id % 10 < 7) done.push(id);
    else if (id % 10 === 7) dismissed.push(id);
  }
  for (const [ids, sql] of [
    [done, "UPDATE task SET status = 'done', done_via = CASE WHEN id % 3 = 0 THEN 'share' ELSE 'chat' END, done_at = due_at WHERE id IN"],
    [dismissed, "UPDATE task SET status = 'dismissed', dismiss_reason = '已电话联系', done_at = due_at WHERE id IN"],
  ] as const) {
    for (const part of chunks(ids, 500)) await ds.query(`${sql} (${marks(part.length)})`, part);
  }

  // One group send by the HQ operations director to every 重要价值客户, confirmed by each guide.
  const admin = await select<{ id: unknown; userid: string; name: string; role: Role }>(
    ds,
    'SELECT id, userid, name, role FROM staff WHERE status = 1 AND userid = ?',
    [ctx.deps.config.ADMIN_USERIDS[0] ?? ''],
  );
  let recipients = 0;
  const first = admin[0];
  if (first) {
    const actor: Actor = { staffId: num(first.id), userid: first.userid, name: first.name, role: 'admin' };
    const send = await createGroupSend(
      ctx.deps,
      actor,
      {
        target: { chatType: 'single', segments: ['champion'] },
        content: '{客户称呼}您好，{门店}本周六会员日，新品到店，给您留了试用装，欢迎来店里坐坐～',
      },
      now,
    );
    recipients = send.recipients;
    const messages = await select<{ msgid: string; userid: string }>(
      ds,
      `SELECT m.msgid, s.userid FROM group_send_message m JOIN staff s ON s.id = m.staff_id WHERE m.group_send_id = ? AND m.msgid IS NOT NULL`,
      [send.id],
    );
    for (const m of messages) await ctx.simAdmin('/groupmsg/confirm', { msgid: m.msgid, userid: m.userid });
    await refreshResults(ctx.deps, send.id, now);
  }

  // What the scan pushes now, and the digest managers got this morning.
  const scanned = await scanAlerts(ctx.deps, now);
  const digests = await sendDigests(ctx.deps, now);
  return {
    tasks,
    tasksDone: done.length,
    tasksDismissed: dismissed.length,
    groupSendRecipients: recipients,
    alerts: scanned.created + digests.created,
  };
}
