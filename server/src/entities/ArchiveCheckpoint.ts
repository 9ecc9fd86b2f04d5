import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** How far the archive has been pulled, and who currently holds the pull lease. */
export interface ArchiveCheckpoint {
  /** 'default' (one corp per deployment). */
  name: string;
  /** Highest seq stored; the next pull asks for seq > this. */
  seq: number;
  messagesTotal: number;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  lastPullAt: Date | null;
  lastError: string | null;
  updatedAt: Date;
}

export const ArchiveCheckpointEntity = new EntitySchema<ArchiveCheckpoint>({
  name: 'ArchiveCheckpoint',
  tableName: 'archive_checkpoint',
  columns: {
    name: { type: 'varchar', length: 32, primary: true },
    seq: { ...col.bigint(), default: 0 },
    messagesTotal: { ...col.bigint(), default: 0 },
    leaseOwner: col.str(64, true),
    leaseUntil: col.date(true),
    lastPullAt: col.date(true),
    lastError: col.text(true),
    updatedAt: col.updatedAt(),
  },
});
