import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** A group join code (加入群聊): ≤ 5 customer groups, state = our key, with an optional group welcome template. */
export interface GroupJoinWay {
  id: number;
  name: string;
  stateKey: string;
  departmentId: number | null;
  chatIds: string[];
  roomBaseName: string | null;
  autoCreate: boolean;
  welcomeText: string | null;
  templateId: string | null;
  configId: string | null;
  qrCode: string | null;
  createdBy: number | null;
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const GroupJoinWayEntity = new EntitySchema<GroupJoinWay>({
  name: 'GroupJoinWay',
  tableName: 'group_join_way',
  columns: {
    id: col.id(),
    name: col.str(64),
    stateKey: col.str(30),
    departmentId: col.int(true),
    chatIds: col.json(),
    roomBaseName: col.str(40, true),
    autoCreate: col.bool(),
    welcomeText: col.text(true),
    templateId: col.str(64, true),
    configId: col.str(64, true),
    qrCode: col.str(512, true),
    createdBy: col.int(true),
    deletedAt: col.date(true),
    createdAt: col.createdAt(),
    updatedAt: col.updatedAt(),
  },
  uniques: [{ columns: ['stateKey'] }],
});
