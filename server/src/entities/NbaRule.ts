import { EntitySchema } from 'typeorm';
import { col } from '@server/db/columns.ts';

/** A next-best-action rule: data, not code (condition, priority, reason template, script selector). Validated where read. */
export interface NbaRule {
  id: number;
  code: string;
  name: string;
  priority: number;
  enabled: boolean;
  ruleCondition: unknown;
  reasonTemplate: string;
  scriptSelector: unknown;
  /** Days after its action (a script it suggests sent, a follow-up written) during which the rule stays quiet. */
  doneForDays: number;
  createdAt: Date;
  updatedAt: Date;
}

export const NbaRuleEntity = new EntitySchema<NbaRule>({
  name: 'NbaRule',
  tableName: 'nba_rule',
  columns: {
    id: col.id(),
    code: col.str(48),
    name: col.str(64),
    priority: { type: 'int', default: 0 },
    enabled: col.bool(),
    ruleCondition: col.json(),
    reasonTemplate: col.str(255),
    scriptSelector: col.json(),
    doneForDays: { type: 'int', default: 7 },
    createdAt: col.createdAt(),
    updatedAt: col.updatedAt(),
  },
  uniques: [{ columns: ['code'] }],
});
