/**
 * Script recommendation scoring (pure): how well a script's targeting matches
 * one customer. Used to order the script list in a 1v1 chat.
 */

export interface ScriptTargetingInput {
  targetSegments: readonly string[];
  targetStages: readonly string[];
  targetTagIds: readonly string[];
}

export interface CustomerTargetFacts {
  segment: string | null;
  stage: string;
  tagIds: ReadonlySet<string>;
}

export type TargetPart = 'segment' | 'stage' | 'tag';

export interface ScriptScore {
  /** Higher is better; 0 = untargeted or nothing matched; negative = targeted elsewhere. */
  score: number;
  matched: TargetPart[];
}

/** Weights: value tier is the strongest signal, then explicit tags, then lifecycle stage. */
export const SCORE_WEIGHTS = { segment: 4, tag: 3, perExtraTag: 1, stage: 2, mismatch: -1 } as const;

/**
 * Scores a script for a customer. Each targeted dimension that matches adds its
 * weight (every matching tag beyond the first adds a little more); a dimension that
 * is targeted but does not match costs 1, so generic scripts (score 0) rank above
 * scripts clearly aimed at other customers.
 */
export function scoreScript(script: ScriptTargetingInput, customer: CustomerTargetFacts): ScriptScore {
  let score = 0;
  const matched: TargetPart[] = [];
  if (script.targetSegments.length > 0) {
    if (customer.segment !== null && script.targetSegments.includes(customer.segment)) {
      score += SCORE_WEIGHTS.segment;
      matched.push('segment');
    } else score += SCORE_WEIGHTS.mismatch;
  }
  if (script.targetStages.length > 0) {
    if (script.targetStages.includes(customer.stage)) {
      score += SCORE_WEIGHTS.stage;
      matched.push('stage');
    } else score += SCORE_WEIGHTS.mismatch;
  }
  if (script.targetTagIds.length > 0) {
    const hits = script.targetTagIds.filter((t) => customer.tagIds.has(t)).length;
    if (hits > 0) {
      score += SCORE_WEIGHTS.tag + (hits - 1) * SCORE_WEIGHTS.perExtraTag;
      matched.push('tag');
    } else score += SCORE_WEIGHTS.mismatch;
  }
  return { score, matched };
}

export interface RankableScript {
  id: number;
  score: number;
  lastSentAt: Date | null;
  sendCount: number;
}

/** Order for recommendations: score desc, then most recently used, then most used, then id. */
export function compareRanked(a: RankableScript, b: RankableScript): number {
  if (a.score !== b.score) return b.score - a.score;
  const at = a.lastSentAt?.getTime() ?? -Infinity;
  const bt = b.lastSentAt?.getTime() ?? -Infinity;
  if (at !== bt) return bt > at ? 1 : -1;
  if (a.sendCount !== b.sendCount) return b.sendCount - a.sendCount;
  return a.id - b.id;
}
