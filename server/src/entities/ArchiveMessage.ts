import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** One decrypted session-archive message (会话存档), stored once per msgid. */
export interface ArchiveMessage {
  id: number;
  seq: number;
  msgid: string;
  /** send | recall | switch */
  action: string;
  msgtype: string | null;
  /** `from` of the message: a member userid or an external userid (wm/wo…). */
  sender: string | null;
  tolist: string[];
  roomid: string | null;
  msgtime: Date;
  /** The guide of a 1v1 guide↔customer chat (null otherwise). */
  staffId: number | null;
  customerId: number | null;
  /** 'in' (customer → guide) or 'out' (guide → customer) for 1v1 chats. */
  direction: 'in' | 'out' | null;
  /** Searchable plain text (text content, link title…). */
  text: string | null;
  /** The full decrypted message JSON. */
  content: Record<string, unknown>;
  revoked: boolean;
  revokedAt: Date | null;
  createdAt: Date;
}

export const ArchiveMessageEntity = new EntitySchema<ArchiveMessage>({
  name: 'ArchiveMessage',
  tableName: 'archive_message',
  columns: {
    id: col.bigId(),
    seq: col.bigint(),
    msgid: col.str(128),
    action: col.str(16),
    msgtype: col.str(32, true),
    sender: col.str(64, true),
    tolist: col.json(),
    roomid: col.str(64, true),
    msgtime: col.date(),
    staffId: col.int(true),
    customerId: col.int(true),
    direction: col.str(8, true),
    text: col.text(true),
    content: col.json(),
    revoked: col.bool(),
    revokedAt: col.date(true),
    createdAt: col.createdAt(),
  },
  uniques: [{ columns: ['msgid'] }],
});
