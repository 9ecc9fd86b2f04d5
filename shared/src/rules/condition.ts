import { z } from 'zod';
import { FACT_NAMES, type Facts, type FactValue, type Scalar } from '@shared/customers/facts.ts';

/**
 * Conditions as data (pure): the language of the next-action rules (nba_rule.rule_condition) and of
 * the scripts' own conditions (script.conditions). A leaf compares one customer fact; `all`/`any` nest.
 * A list fact matches when any element matches; a null fact never matches.
 */
const scalar = z.union([z.number(), z.string()]);
export const conditionLeafSchema = z.object({
  fact: z.enum(FACT_NAMES),
  op: z.enum(['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'between']),
  value: z.union([scalar, z.array(scalar)]),
});
export type ConditionLeaf = z.infer<typeof conditionLeafSchema>;
export type Condition = ConditionLeaf | { all: Condition[] } | { any: Condition[] };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    conditionLeafSchema,
    z.object({ all: z.array(conditionSchema).min(1).max(20) }),
    z.object({ any: z.array(conditionSchema).min(1).max(20) }),
  ]),
);

function leafMatches(v: Scalar, op: ConditionLeaf['op'], want: Scalar | Scalar[]): boolean {
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

/** The elements of a fact a leaf matched (a scalar fact: itself), empty when it does not hold. */
export function leafHits(leaf: ConditionLeaf, value: FactValue): Scalar[] {
  if (value === null) return [];
  const values = Array.isArray(value) ? value : [value];
  return values.filter((x) => leafMatches(x, leaf.op, leaf.value));
}

/** True when the condition holds for the facts. */
export function evaluate(cond: Condition, facts: Facts): boolean {
  if ('all' in cond) return cond.all.every((c) => evaluate(c, facts));
  if ('any' in cond) return cond.any.some((c) => evaluate(c, facts));
  return leafHits(cond, facts[cond.fact]).length > 0;
}

/** The leaves that made the condition hold (for an `any`, only the branches that held), or null when it does not. */
export function matchedLeaves(cond: Condition, facts: Facts): ConditionLeaf[] | null {
  if ('all' in cond) {
    const parts = cond.all.map((c) => matchedLeaves(c, facts));
    return parts.every((p) => p !== null) ? parts.flatMap((p) => p ?? []) : null;
  }
  if ('any' in cond) {
    const parts = cond.any.map((c) => matchedLeaves(c, facts)).filter((p): p is ConditionLeaf[] => p !== null);
    return parts.length > 0 ? parts.flat() : null;
  }
  return leafHits(cond, facts[cond.fact]).length > 0 ? [cond] : null;
}

/** Fills `{fact}` placeholders of a reason template (lists show their first element; unknown/null → empty). */
export function renderReason(template: string, facts: Facts): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = (facts as unknown as Record<string, unknown>)[key];
    const shown: unknown = Array.isArray(v) ? v[0] : v;
    return typeof shown === 'string' || typeof shown === 'number' ? String(shown) : '';
  });
}
