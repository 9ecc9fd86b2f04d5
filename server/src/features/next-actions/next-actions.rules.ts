import { z } from 'zod';

import type { Condition } from '@shared/rules/condition.ts';
import { evaluate } from '@shared/rules/condition.ts';
import type { Facts } from '@shared/customers/facts.ts';
import { isOffered } from '@shared/scripts/applicability.ts';
import type { ScriptBody } from '@shared/scripts/content.ts';

/**
 * Next-best-action rules are data (table nba_rule): a condition over the customer's facts (the shared
 * condition language, shared/src/rules/condition.ts), a priority, a reason template, a script selector
 * and how long the rule stays quiet once its action is done. This module picks scripts and decides
 * whether a rule's action is done — pure.
 */
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
  /** Days the rule stays quiet after one of its scripts was sent or a follow-up was written. */
  doneForDays: number;
}

export interface CandidateScript {
  id: number;
  title: string;
  folderName: string | null;
  targetSegments: string[];
  targetStages: string[];
  targetTagIds: string[];
  sendCount: number;
  body: ScriptBody;
  validFrom: string | null;
  validTo: string | null;
  /** The script's own conditions; 'never' when they are unreadable. */
  conditions: Condition | null | 'never';
}

/** The chat's day and the customer's facts: a script that is not offered today or whose conditions fail is never suggested. */
export interface PickContext {
  today: string;
  holiday: string | null;
  facts: Facts;
}

/**
 * Scripts for a rule, best first (at most `limit`): a script qualifies by folder or by targeting
 * the selector names (or the customer's own segment/stage/tags when useCustomerTargeting); a
 * script whose own targeting excludes this customer, that is not offered today or whose own conditions
 * do not hold never qualifies.
 */
export function pickScripts(
  selector: ScriptSelector,
  scripts: readonly CandidateScript[],
  customer: { segment: string | null; stage: string; tagIds: readonly string[] },
  day: PickContext,
  limit = 3,
): CandidateScript[] {
  const tagSet = new Set(customer.tagIds);
  const fits = (s: CandidateScript) =>
    isOffered(s, day.today, day.holiday) &&
    s.conditions !== 'never' &&
    (s.conditions === null || evaluate(s.conditions, day.facts)) &&
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

/**
 * Whether a rule's action has been done recently: one of the scripts it would suggest was sent to the
 * customer, or a follow-up was written, within the rule's doneForDays.
 */
export function actionDone(
  rule: Rule,
  qualifying: readonly CandidateScript[],
  done: { scriptSentDaysAgo: ReadonlyMap<number, number>; followUpDaysAgo: number | null },
): boolean {
  const within = (d: number | null | undefined) => d !== null && d !== undefined && d < rule.doneForDays;
  return within(done.followUpDaysAgo) || qualifying.some((s) => within(done.scriptSentDaysAgo.get(s.id)));
}
