import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** An SOP rule: when it creates a task for a guide (trigger), for whom, with which script and due hour. */
export interface SopRule {
  id: number;
  name: string;
  /** SOP_TRIGGERS in shared/src/api/tasks.ts. */
  triggerKind: string;
  /** monthly / six_touch: the RFM segment it applies to. */
  segment: string | null;
  /** Days after (or before, for birthday) the moment; group_created: a list like "1,3,7". */
  days: string;
  content: string;
  /** Asia/Shanghai hour the task is due on its day. */
  dueHour: number;
  enabled: boolean;
  builtin: boolean;
  createdBy: number | null;
  createdAt: Date;
}

export const SopRuleEntity = new EntitySchema<SopRule>({
  name: 'SopRule',
  tableName: 'sop_rule',
  columns: {
    id: col.id(),
    name: col.str(64),
    triggerKind: col.str(24),
    segment: col.str(32, true),
    days: { type: 'varchar', length: 32, default: '' },
    content: col.text(),
    dueHour: { type: 'int', default: 18 },
    enabled: col.bool(),
    builtin: col.bool(),
    createdBy: col.int(true),
    createdAt: col.createdAt(),
  },
});
