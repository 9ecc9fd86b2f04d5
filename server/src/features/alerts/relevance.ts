import type { DataSource } from 'typeorm';
import { marks, num, select } from '@server/db/sql.ts';

/**
 * Which of the alerts (by dedupe key) still describe something to act on when their turn to go
 * comes — a reminder done, a reply sent or a task finished while the alert waited in quiet
 * hours is dropped rather than delivered late. Keys: reminder:<id>:<at>, unanswered:<turn>,
 * task:<id>; other kinds (lost, digest) stay relevant.
 */
export async function stillRelevant(ds: DataSource, keys: string[]): Promise<Set<string>> {
  const ids = (prefix: string) => keys.filter((k) => k.startsWith(`${prefix}:`)).map((k) => Number(k.split(':')[1]));
  const open = async (sql: string, list: number[]) =>
    list.length === 0
      ? new Set<number>()
      : new Set((await select<{ id: unknown }>(ds, `${sql} (${marks(list.length)})`, list)).map((r) => num(r.id)));
  const [reminders, turns, tasks] = await Promise.all([
    open('SELECT id FROM follow_up WHERE done_at IS NULL AND id IN', ids('reminder')),
    open('SELECT id FROM reply_turn WHERE replied_at IS NULL AND id IN', ids('unanswered')),
    open("SELECT id FROM task WHERE status = 'open' AND id IN", ids('task')),
  ]);
  return new Set(
    keys.filter((k) => {
      const [kind, id] = k.split(':');
      if (kind === 'reminder') return reminders.has(Number(id));
      if (kind === 'unanswered') return turns.has(Number(id));
      if (kind === 'task') return tasks.has(Number(id));
      return true;
    }),
  );
}
