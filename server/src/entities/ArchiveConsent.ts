import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** Whether an external contact agreed to chat archiving, per member (1v1) or per group. */
export interface ArchiveConsent {
  id: number;
  externalUserid: string;
  /** Member of a 1v1 consent; '' for a group consent. */
  staffUserid: string;
  /** Group of a room consent; '' for a 1v1 consent. */
  roomid: string;
  status: 'agree' | 'disagree';
  changedAt: Date;
  /** 'api' (check_*_agree) or 'message' (agree/disagree archive message). */
  source: string;
  updatedAt: Date;
}

export const ArchiveConsentEntity = new EntitySchema<ArchiveConsent>({
  name: 'ArchiveConsent',
  tableName: 'archive_consent',
  columns: {
    id: col.id(),
    externalUserid: col.str(64),
    staffUserid: { type: 'varchar', length: 64, default: '' },
    roomid: { type: 'varchar', length: 64, default: '' },
    status: col.str(16),
    changedAt: col.date(),
    source: col.str(16),
    updatedAt: col.updatedAt(),
  },
  uniques: [{ columns: ['externalUserid', 'staffUserid', 'roomid'] }],
});
