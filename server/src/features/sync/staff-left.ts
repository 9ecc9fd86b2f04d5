import { dbTime, marks, type Db } from '@server/db/sql.ts';

/** WeCom status 5 = 退出企业: members who left are kept (their history and customers stay) but marked so. */
export const STAFF_STATUS_LEFT = 5;

/** Records that these members left the corp (those already marked keep their time). */
export async function markStaffLeft(db: Db, userids: readonly string[], now = new Date()): Promise<void> {
  if (userids.length === 0) return;
  await db.query(`UPDATE staff SET status = ?, updated_at = ? WHERE status <> ? AND userid IN (${marks(userids.length)})`, [
    STAFF_STATUS_LEFT,
    dbTime(now),
    STAFF_STATUS_LEFT,
    ...userids,
  ]);
}
