import type { DataSource } from 'typeorm';
import { dbTime } from '@server/db/sql.ts';

/**
 * WeCom's change_external_contact/transfer_fail: the customer refused (or the takeover is full).
 * The waiting item of that customer and takeover fails with the reason; the relation stays with
 * the old guide. Idempotent (only waiting items change).
 */
export async function applyTransferFail(
  ds: DataSource,
  e: { UserID: string; ExternalUserID: string; FailReason?: string },
): Promise<'applied' | 'nothing_to_do'> {
  await ds.query(
    `UPDATE transfer_item SET state = 'failed', reason = ?, updated_at = ?
      WHERE target = 'customer' AND external_id = ? AND takeover_userid = ? AND state IN ('waiting', 'calling')`,
    [e.FailReason ?? 'customer_refused', dbTime(new Date()), e.ExternalUserID, e.UserID],
  );
  return 'applied';
}
