import { EntitySchema } from 'typeorm';
import type { ScriptScope, ScriptType } from '@shared/enums.ts';
import { col } from '@server/db/columns.ts';

/** A 话术: content is the per-type payload validated by shared/src/scripts schemas. */
export interface Script {
  id: number;
  folderId: number | null;
  scope: ScriptScope;
  ownerStaffId: number | null;
  type: ScriptType;
  title: string;
  content: Record<string, unknown>;
  forGroup: boolean;
  targetSegments: string[];
  targetStages: string[];
  targetTagIds: string[];
  /** Asia/Shanghai days the script is offered from/until (both included); null = open. */
  validFrom: string | null;
  validTo: string | null;
  /** A condition over the customer's facts (shared/src/rules/condition.ts) that must hold for 推荐. */
  conditions: unknown;
  sendCount: number;
  lastSentAt: Date | null;
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const ScriptEntity = new EntitySchema<Script>({
  name: 'Script',
  tableName: 'script',
  columns: {
    id: col.id(),
    folderId: col.int(true),
    scope: col.str(16),
    ownerStaffId: col.int(true),
    type: col.str(16),
    title: col.str(128),
    content: col.json(),
    forGroup: col.bool(),
    targetSegments: col.json(),
    targetStages: col.json(),
    targetTagIds: col.json(),
    validFrom: col.str(10, true),
    validTo: col.str(10, true),
    conditions: { type: 'simple-json', nullable: true },
    sendCount: { type: 'int', default: 0 },
    lastSentAt: col.date(true),
    deletedAt: col.date(true),
    createdAt: col.createdAt(),
    updatedAt: col.updatedAt(),
  },
});
