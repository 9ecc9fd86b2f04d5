import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** One send of a script into a chat; feeds script effectiveness reports. */
export interface ScriptSend {
  id: number;
  scriptId: number;
  staffId: number;
  customerId: number | null;
  groupId: number | null;
  sentAt: Date;
  day: string;
}

export const ScriptSendEntity = new EntitySchema<ScriptSend>({
  name: 'ScriptSend',
  tableName: 'script_send',
  columns: {
    id: col.id(),
    scriptId: col.int(),
    staffId: col.int(),
    customerId: col.int(true),
    groupId: col.int(true),
    sentAt: col.date(),
    day: col.str(10),
  },
});
