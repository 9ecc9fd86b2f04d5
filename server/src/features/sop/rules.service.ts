import type { DataSource } from 'typeorm';
import { RFM_SEGMENTS } from '@shared/enums.ts';
import {
  SOP_TRIGGERS,
  type CreateSopRuleRequest,
  type SopRule,
  type SopRulesResponse,
  type UpdateSopRuleRequest,
} from '@shared/api/tasks.ts';
import { createSopRuleRequestSchema, updateSopRuleRequestSchema } from '@shared/api/tasks.ts';
import type { Actor } from '@server/auth/actor.ts';
import { rowOr404, select, toBool } from '@server/db/sql.ts';
import { SopRuleEntity, type SopRule as SopRuleType } from '@server/entities/SopRule.ts';
import { sopRuleNotFound } from '@server/http/error-catalog.ts';

interface RuleRow {
  id: number;
  name: string;
  trigger_kind: string;
  segment: string | null;
  days: string;
  content: string;
  due_hour: number;
  enabled: unknown;
  builtin: unknown;
  open: number | null;
  done: number | null;
  dismissed: number | null;
}

const RULE_SELECT = `SELECT r.id, r.name, r.trigger_kind, r.segment, r.days, r.content, r.due_hour, r.enabled, r.builtin,
    SUM(CASE WHEN t.status = 'open' THEN 1 ELSE 0 END) AS open,
    SUM(CASE WHEN t.status = 'done' THEN 1 ELSE 0 END) AS done,
    SUM(CASE WHEN t.status = 'dismissed' THEN 1 ELSE 0 END) AS dismissed
  FROM sop_rule r LEFT JOIN task t ON t.rule_id = r.id`;
const RULE_GROUP = 'GROUP BY r.id, r.name, r.trigger_kind, r.segment, r.days, r.content, r.due_hour, r.enabled, r.builtin';

function present(r: RuleRow): SopRule {
  return {
    id: Number(r.id),
    name: r.name,
    trigger: (SOP_TRIGGERS as readonly string[]).includes(r.trigger_kind) ? (r.trigger_kind as SopRule['trigger']) : 'monthly',
    segment: (RFM_SEGMENTS as readonly string[]).includes(r.segment ?? '') ? (r.segment as SopRule['segment']) : null,
    days: r.days,
    content: r.content,
    dueHour: Number(r.due_hour),
    enabled: toBool(r.enabled),
    builtin: toBool(r.builtin),
    open: Number(r.open ?? 0),
    done: Number(r.done ?? 0),
    dismissed: Number(r.dismissed ?? 0),
  };
}

export async function listRules(ds: DataSource): Promise<SopRulesResponse> {
  return { items: (await select<RuleRow>(ds, `${RULE_SELECT} ${RULE_GROUP} ORDER BY r.id`)).map(present) };
}

async function loadRule(ds: DataSource, id: number): Promise<SopRule> {
  return present(await rowOr404<RuleRow>(ds, `${RULE_SELECT} WHERE r.id = ? ${RULE_GROUP}`, [id], sopRuleNotFound));
}

export async function createRule(ds: DataSource, actor: Actor, input: CreateSopRuleRequest): Promise<SopRule> {
  const r = createSopRuleRequestSchema.parse(input);
  const result = await ds
    .createQueryBuilder()
    .insert()
    .into(SopRuleEntity)
    .values({
      name: r.name,
      triggerKind: r.trigger,
      segment: r.segment,
      days: r.days,
      content: r.content,
      dueHour: r.dueHour,
      enabled: r.enabled,
      builtin: false,
      createdBy: actor.staffId,
    })
    .execute();
  return loadRule(ds, Number(result.identifiers[0]?.id));
}

export async function updateRule(ds: DataSource, id: number, input: UpdateSopRuleRequest): Promise<SopRule> {
  await loadRule(ds, id);
  const r = updateSopRuleRequestSchema.parse(input);
  const set: Partial<Pick<SopRuleType, 'name' | 'segment' | 'days' | 'content' | 'dueHour' | 'enabled'>> = {};
  if (r.name !== undefined) set.name = r.name;
  if (r.segment !== undefined) set.segment = r.segment;
  if (r.days !== undefined) set.days = r.days;
  if (r.content !== undefined) set.content = r.content;
  if (r.dueHour !== undefined) set.dueHour = r.dueHour;
  if (r.enabled !== undefined) set.enabled = r.enabled;
  if (Object.keys(set).length > 0) await ds.getRepository(SopRuleEntity).update({ id }, set);
  return loadRule(ds, id);
}
