import { z } from 'zod';

/**
 * Next-best-action rules are data (table nba_rule): a condition over customer facts, a priority,
 * a reason template and a script selector. This module validates and evaluates them — pure.
 */
export const FACT_NAMES = [
  'hoursSinceAdded',
  'messagesOutSinceAdded',
  'segment',
  'lifecycleStage',
  'daysSinceLastContact',
  'paidOrderDaysAgo',
  'daysToBirthday',
  'daysSinceLastRefund',
] as const;
export type FactName = (typeof FACT_NAMES)[number];
type Scalar = number | string;

/** The customer facts rules see; a list fact matches when any element matches; null never matches. */
export type Facts = Record<FactName, Scalar | Scalar[] | null> & { name: string; segmentLabel: string };

const scalar = z.union([z.number(), z.string()]);
const leafSchema = z.object({
  fact: z.enum(FACT_NAMES),
  op: z.enum(['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'between']),
  value: z.union([scalar, z.array(scalar)]),
});
export type Condition = z.infer<typeof leafSchema> | { all: Condition[] } | { any: Condition[] };
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([leafSchema, z.object({ all: z.array(conditionSchema).min(1) }), z.object({ any: z.array(conditionSchema).min(1) })]),
);

/** Which scripts to recommend: by folder name, by targeting values, and/or by the customer's own targeting. */
export const scriptSelectorSchema = z.object({
  folders: z.array(z.string()).default([]),
  segments: z.array(z.string()).default([]),
  stages: z.array(z.string()).default([]),
  tagIds: z.array(z.string()).default([]),
  useCustomerTargeting: z.boolean().default(false),
});
export type ScriptSelector = z.infer<typeof scriptSelectorSchema>;

export interface Rule {
  code: string;
  name: string;
  priority: number;
  condition: Condition;
  reasonTemplate: string;
  selector: ScriptSelector;
}

function leafMatches(v: Scalar, op: z.infer<typeof leafSchema>['op'], want: Scalar | Scalar[]): boolean {
  switch (op) {
    case 'eq':
      return v === want;
    case 'ne':
      return v !== want;
    case 'in':
      return Array.isArray(want) && want.includes(v);
    case 'between':
      return Array.isArray(want) && typeof v === 'number' && want.length === 2 && v >= Number(want[0]) && v <= Number(want[1]);
    default: {
      if (typeof v !== 'number' || typeof want !== 'number') return false;
      return op === 'lt' ? v < want : op === 'lte' ? v <= want : op === 'gt' ? v > want : v >= want;
    }
  }
}

/** True when the condition holds for the facts. */
export function evaluate(cond: Condition, facts: Facts): boolean {
  if ('all' in cond) return cond.all.every((c) => evaluate(c, facts));
  if ('any' in cond) return cond.any.some((c) => evaluate(c, facts));
  const v = facts[cond.fact];
  if (v === null) return false;
  return Array.isArray(v) ? v.some((x) => leafMatches(x, cond.op, cond.value)) : leafMatches(v, cond.op, cond.value);
}

/** Fills `{fact}` placeholders (lists show their first element; unknown/null → empty). */
export function renderReason(template: string, facts: Facts): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = (facts as Record<string, unknown>)[key];
    const shown: unknown = Array.isArray(v) ? v[0] : v;
    return typeof shown === 'string' || typeof shown === 'number' || typeof shown === 'boolean' ? String(shown) : '';
  });
}

export interface CandidateScript {
  id: number;
  title: string;
  folderName: string | null;
  targetSegments: string[];
  targetStages: string[];
  targetTagIds: string[];
  sendCount: number;
}

/**
 * Scripts for a rule, best first (at most `limit`): a script qualifies by folder or by targeting
 * the selector names (or the customer's own segment/stage/tags when useCustomerTargeting); a
 * script whose own targeting excludes this customer never qualifies.
 */
export function pickScripts(
  selector: ScriptSelector,
  scripts: readonly CandidateScript[],
  customer: { segment: string | null; stage: string; tagIds: readonly string[] },
  limit = 3,
): CandidateScript[] {
  const tagSet = new Set(customer.tagIds);
  const fits = (s: CandidateScript) =>
    (s.targetSegments.length === 0 || (customer.segment !== null && s.targetSegments.includes(customer.segment))) &&
    (s.targetStages.length === 0 || s.targetStages.includes(customer.stage)) &&
    (s.targetTagIds.length === 0 || s.targetTagIds.some((t) => tagSet.has(t)));
  const segs = new Set([...selector.segments, ...(selector.useCustomerTargeting && customer.segment ? [customer.segment] : [])]);
  const stages = new Set([...selector.stages, ...(selector.useCustomerTargeting ? [customer.stage] : [])]);
  const tags = new Set([...selector.tagIds, ...(selector.useCustomerTargeting ? customer.tagIds : [])]);
  const scored = scripts
    .filter(fits)
    .map((s) => {
      const byFolder = s.folderName !== null && selector.folders.includes(s.folderName);
      const byTarget =
        s.targetSegments.some((x) => segs.has(x)) || s.targetStages.some((x) => stages.has(x)) || s.targetTagIds.some((x) => tags.has(x));
      return { s, rank: byFolder ? 0 : byTarget ? 1 : 2 };
    })
    .filter((x) => x.rank < 2);
  scored.sort((a, b) => a.rank - b.rank || b.s.sendCount - a.s.sendCount || a.s.id - b.s.id);
  return scored.slice(0, limit).map((x) => x.s);
}
