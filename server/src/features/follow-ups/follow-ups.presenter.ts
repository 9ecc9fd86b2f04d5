import type { FollowUp } from '@shared/api/follow-ups.ts';
import { fromDbTime, text } from '@server/db/sql.ts';

/** A follow_up row joined with the staff name (raw query columns). */
export interface FollowUpRow {
  id: unknown;
  customer_id: unknown;
  staff_id: unknown;
  staff_name: unknown;
  content: unknown;
  remind_at: unknown;
  done_at: unknown;
  created_at: unknown;
}

export const FOLLOW_UP_COLUMNS = 'f.id, f.customer_id, f.staff_id, s.name AS staff_name, f.content, f.remind_at, f.done_at, f.created_at';

export function presentFollowUp(r: FollowUpRow, actorStaffId: number, now: Date): FollowUp {
  const remindAt = fromDbTime(r.remind_at);
  const doneAt = fromDbTime(r.done_at);
  return {
    id: Number(r.id),
    customerId: Number(r.customer_id),
    staff: { id: Number(r.staff_id), name: text(r.staff_name) },
    content: text(r.content),
    remindAt: remindAt?.toISOString() ?? null,
    doneAt: doneAt?.toISOString() ?? null,
    createdAt: (fromDbTime(r.created_at) ?? new Date(0)).toISOString(),
    mine: Number(r.staff_id) === actorStaffId,
    overdue: remindAt !== null && doneAt === null && remindAt.getTime() < now.getTime(),
  };
}
