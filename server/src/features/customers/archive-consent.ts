import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { archiveConsentSchema } from '@shared/api/customers.ts';
import { fromDbTime, selectOne } from '@server/db/sql.ts';
import { log } from '@server/logger.ts';

type Consent = z.infer<typeof archiveConsentSchema>;

/**
 * The customer's 会话存档 consent for the actor's 1v1 chat, from the archive
 * feature's archive_consent table: null when nothing is known yet (or the table
 * is not there, e.g. the archive feature is not installed).
 */
export async function archiveConsentFor(ds: DataSource, externalUserid: string, staffUserid: string): Promise<Consent> {
  try {
    const r = await selectOne<{ status: string; changed_at: unknown }>(
      ds,
      "SELECT status, changed_at FROM archive_consent WHERE external_userid = ? AND staff_userid = ? AND roomid = ''",
      [externalUserid, staffUserid],
    );
    if (!r) return null;
    const status = r.status === 'agree' ? 'agreed' : r.status === 'disagree' ? 'disagreed' : 'unknown';
    return { status, changedAt: fromDbTime(r.changed_at)?.toISOString() ?? null };
  } catch (err) {
    log('db').debug({ err: err instanceof Error ? err.message : String(err) }, 'archive_consent not readable; consent unknown');
    return null;
  }
}
