import { z } from 'zod';
import { LIFECYCLE_LABELS, type LifecycleStage } from '@shared/enums.ts';
import type { Facts } from '@shared/customers/facts.ts';
import { conditionSchema, type Condition } from '@shared/rules/condition.ts';
import { explainCondition } from '@shared/rules/explain.ts';
import type { ScriptBody } from './content.ts';
import { scriptVariablesOf } from './render.ts';
import type { ScriptScore, ScriptTargetingInput } from './score.ts';

/**
 * When a script applies (pure): a validity window (Asia/Shanghai days, both ends included), the
 * holiday calendar for {节日} greetings, and conditions over the customer's facts in the language of
 * the next-action rules. Outside its window (or a {节日} script on an ordinary day) a script is not
 * offered at all; a script is 推荐 only when its conditions hold, and then says why.
 */
export const validityDaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
export const scriptWhenSchema = z
  .object({
    validFrom: validityDaySchema.nullable().default(null),
    validTo: validityDaySchema.nullable().default(null),
    conditions: conditionSchema.nullable().default(null),
  })
  .refine((w) => !w.validFrom || !w.validTo || w.validFrom <= w.validTo, { message: '生效日期不能晚于失效日期', path: ['validTo'] });
export type ScriptWhen = z.infer<typeof scriptWhenSchema>;

/** True when a text field of the body uses {节日}. */
export function usesHoliday(body: ScriptBody): boolean {
  const texts =
    body.type === 'text'
      ? [body.content.text]
      : body.type === 'link'
        ? [body.content.title, body.content.desc]
        : body.type === 'miniprogram'
          ? [body.content.title]
          : [];
  return texts.some((t) => scriptVariablesOf(t).includes('节日'));
}

/** Whether the script may be offered today ('YYYY-MM-DD', Shanghai) given today's holiday (null = none). */
export function isOffered(
  s: { validFrom: string | null; validTo: string | null; body: ScriptBody },
  today: string,
  holiday: string | null,
): boolean {
  if (s.validFrom && today < s.validFrom) return false;
  if (s.validTo && today > s.validTo) return false;
  return !usesHoliday(s.body) || holiday !== null;
}

export interface Recommendation {
  recommended: boolean;
  /** Why, e.g. "生日在 3 天后" or "重要价值客户，45 天未下单"; null when not recommended. */
  reason: string | null;
}

const NOT: Recommendation = { recommended: false, reason: null };

/**
 * Whether a (offered) script is 推荐 for this customer, and why. Never when its conditions do not
 * hold or its targeting names another tier, stage or tag; otherwise when its conditions hold, when its
 * targeting matches, or when it is a {节日} greeting on a holiday.
 */
export function recommendScript(
  s: ScriptTargetingInput & { conditions: Condition | null; body: ScriptBody },
  facts: Facts,
  score: ScriptScore,
  holiday: string | null,
): Recommendation {
  const targeted = [
    s.targetSegments.length > 0 && 'segment',
    s.targetStages.length > 0 && 'stage',
    s.targetTagIds.length > 0 && 'tag',
  ].filter((p): p is ScriptScore['matched'][number] => p !== false);
  if (targeted.some((p) => !score.matched.includes(p))) return NOT;
  const why: string[] = [];
  if (s.conditions) {
    const phrases = explainCondition(s.conditions, facts);
    if (phrases === null) return NOT;
    why.push(...phrases);
  }
  if (score.matched.includes('segment') && facts.segmentLabel) why.push(facts.segmentLabel);
  if (score.matched.includes('stage') && typeof facts.lifecycleStage === 'string' && facts.lifecycleStage in LIFECYCLE_LABELS)
    why.push(`${LIFECYCLE_LABELS[facts.lifecycleStage as LifecycleStage]}阶段`);
  if (score.matched.includes('tag')) why.push('标签匹配');
  if (holiday && usesHoliday(s.body)) why.unshift(`今天是${holiday}`);
  if (!s.conditions && score.matched.length === 0 && why.length === 0) return NOT;
  const reason = [...new Set(why)].join('，');
  return { recommended: true, reason: reason || '适合当前客户' };
}
