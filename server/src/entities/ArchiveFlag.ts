import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** An outgoing guide message that matched a sensitive word. */
export interface ArchiveFlag {
  id: number;
  msgid: string;
  word: string;
  staffId: number | null;
  customerId: number | null;
  roomid: string | null;
  msgtime: Date;
  day: string;
  excerpt: string;
  createdAt: Date;
}

export const ArchiveFlagEntity = new EntitySchema<ArchiveFlag>({
  name: 'ArchiveFlag',
  tableName: 'archive_flag',
  columns: {
    id: col.id(),
    msgid: col.str(128),
    word: col.str(64),
    staffId: col.int(true),
    customerId: col.int(true),
    roomid: col.str(64, true),
    msgtime: col.date(),
    day: col.str(10),
    excerpt: col.str(255),
    createdAt: col.createdAt(),
  },
  uniques: [{ columns: ['msgid', 'word'] }],
});
