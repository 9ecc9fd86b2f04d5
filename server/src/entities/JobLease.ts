import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/**
 * Who holds a long job across the fleet (the full sync, a corp's callback
 * consumer): a row per job, taken by one conditional UPDATE and kept alive
 * by heartbeats; a holder silent past expires_at is taken over.
 */
export interface JobLease {
  /** Job name, e.g. 'sync.full' or 'wecom.events:<corp id>'. */
  name: string;
  /** Instance id of the current (or, once released, the last) holder. */
  owner: string | null;
  /** Unique per acquisition; null when released. Writes of the holder are fenced by it. */
  token: string | null;
  /** The sync_run the holder works on, when the job has runs. */
  runId: number | null;
  acquiredAt: Date | null;
  heartbeatAt: Date | null;
  expiresAt: Date | null;
  /** The holder whose expired lease this one replaced (null when it was free). */
  takenOverFrom: string | null;
  /** How many times a live instance took this job over from a dead one. */
  takeovers: number;
  updatedAt: Date;
}

export const JobLeaseEntity = new EntitySchema<JobLease>({
  name: 'JobLease',
  tableName: 'job_lease',
  columns: {
    name: { type: 'varchar', length: 96, primary: true },
    owner: col.str(64, true),
    token: col.str(64, true),
    runId: col.int(true),
    acquiredAt: col.date(true),
    heartbeatAt: col.date(true),
    expiresAt: col.date(true),
    takenOverFrom: col.str(64, true),
    takeovers: { type: 'int', default: 0 },
    updatedAt: col.updatedAt(),
  },
});
