import type { DataSource } from 'typeorm';
import type { NextActionsResponse } from '@shared/api/next-actions.ts';
import { calendarDaysSince } from '@shared/customers/facts.ts';
import { conditionSchema, evaluate, renderReason } from '@shared/rules/condition.ts';
import { scriptBodySchema } from '@shared/scripts/content.ts';
import { holidayOn } from '@shared/scripts/holidays.ts';
import { shanghaiDay } from '@shared/time.ts';
import type { Actor } from '@server/auth/actor.ts';
import { NbaRuleEntity } from '@server/entities/NbaRule.ts';
import { log } from '@server/logger.ts';
import { loadOpenFacts, type CustomerOpenFacts } from '@server/features/customers/index.ts';
import { dbTime, fromDbTime, jsonObject, jsonStrings, num, select } from '@server/db/sql.ts';
import { actionDone, pickScripts, scriptSelectorSchema, type CandidateScript, type Rule } from './next-actions.rules.ts';

/** Enabled rules from nba_rule, validated; a malformed rule is skipped (and logged), never fatal. */
export async function loadRules(ds: DataSource): Promise<Rule[]> {
  const rows = await ds.getRepository(NbaRuleEntity).find({ where: { enabled: true }, order: { priority: 'DESC', id: 'ASC' } });
  const rules: Rule[] = [];
  for (const r of rows) {
    const condition = conditionSchema.safeParse(r.ruleCondition);
    const selector = scriptSelectorSchema.safeParse(r.scriptSelector ?? {});
    if (!condition.success || !selector.success) {
      log('app').warn({ rule: r.code }, 'nba_rule is malformed; skipped');
      continue;
    }
    rules.push({
      code: r.code,
      name: r.name,
      priority: r.priority,
      condition: condition.data,
      reasonTemplate: r.reasonTemplate,
      selector: selector.data,
      doneForDays: r.doneForDays,
    });
  }
  return rules;
}

/** Scripts the actor may send to a 1:1 chat that could be recommended (corp + own personal ones). */
async function candidateScripts(ds: DataSource, actor: Actor): Promise<CandidateScript[]> {
  const rows = await select<{
    id: unknown;
    title: string;
    folder_name: string | null;
    type: string;
    content: unknown;
    target_segments: string | null;
    target_stages: string | null;
    target_tag_ids: string | null;
    valid_from: string | null;
    valid_to: string | null;
    conditions: unknown;
    send_count: unknown;
  }>(
    ds,
    `SELECT s.id, s.title, f.name AS folder_name, s.type, s.content, s.target_segments, s.target_stages, s.target_tag_ids,
            s.valid_from, s.valid_to, s.conditions, s.send_count
       FROM script s LEFT JOIN script_folder f ON f.id = s.folder_id
      WHERE s.deleted_at IS NULL AND s.for_group = 0 AND (s.scope = 'corp' OR s.owner_staff_id = ?)`,
    [actor.staffId],
  );
  const out: CandidateScript[] = [];
  for (const r of rows) {
    const body = scriptBodySchema.safeParse({ type: r.type, content: jsonObject(r.content) });
    if (!body.success) continue;
    const cond =
      r.conditions === null || r.conditions === '' || r.conditions === 'null' ? null : conditionSchema.safeParse(jsonValue(r.conditions));
    out.push({
      id: num(r.id),
      title: r.title,
      folderName: r.folder_name,
      targetSegments: jsonStrings(r.target_segments),
      targetStages: jsonStrings(r.target_stages),
      targetTagIds: jsonStrings(r.target_tag_ids),
      sendCount: num(r.send_count),
      body: body.data,
      validFrom: r.valid_from,
      validTo: r.valid_to,
      conditions: cond === null ? null : cond.success ? cond.data : 'never',
    });
  }
  return out;
}

function jsonValue(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

/** What was already done for this customer lately: scripts sent (days ago per script) and the last follow-up. */
async function recentActions(
  ds: DataSource,
  customerId: number,
  now: Date,
  days: number,
): Promise<{ scriptSentDaysAgo: Map<number, number>; followUpDaysAgo: number | null }> {
  const since = dbTime(new Date(now.getTime() - (days + 1) * 86_400_000));
  const rows = await select<{ k: string; id: unknown; t: unknown }>(
    ds,
    `SELECT 'send' AS k, script_id AS id, MAX(sent_at) AS t FROM script_send WHERE customer_id = ? AND sent_at >= ? GROUP BY script_id
     UNION ALL SELECT 'follow' AS k, NULL AS id, MAX(created_at) AS t FROM follow_up WHERE customer_id = ? AND created_at >= ?`,
    [customerId, since, customerId, since],
  );
  const scriptSentDaysAgo = new Map<number, number>();
  let followUpDaysAgo: number | null = null;
  for (const r of rows) {
    const t = fromDbTime(r.t);
    if (!t) continue;
    if (r.k === 'send') scriptSentDaysAgo.set(num(r.id), calendarDaysSince(t, now));
    else followUpDaysAgo = calendarDaysSince(t, now);
  }
  return { scriptSentDaysAgo, followUpDaysAgo };
}

/**
 * Up to three actions for this customer now: matching rules by priority whose action was not done
 * lately, each with its scripts. The facts are those of this open (shared with the value card and the
 * script recommendations); pass them in when the caller already has them.
 */
export async function nextActions(
  ds: DataSource,
  actor: Actor,
  customerId: number,
  now = new Date(),
  open?: CustomerOpenFacts,
): Promise<NextActionsResponse> {
  const found = open ?? (await loadOpenFacts(ds, actor, customerId, now));
  const fired = (await loadRules(ds)).filter((r) => evaluate(r.condition, found.facts));
  if (fired.length === 0) return { items: [] };
  const longest = Math.max(...fired.map((r) => r.doneForDays));
  const [scripts, done] = await Promise.all([candidateScripts(ds, actor), recentActions(ds, customerId, now, longest)]);
  const customer = { segment: found.segment, stage: found.stage, tagIds: found.tagIds };
  const today = shanghaiDay(now);
  const day = { today, holiday: holidayOn(today), facts: found.facts };
  const items: NextActionsResponse['items'] = [];
  for (const r of fired) {
    if (items.length === 3) break;
    const qualifying = pickScripts(r.selector, scripts, customer, day, Number.POSITIVE_INFINITY);
    if (actionDone(r, qualifying, done)) continue;
    const picked = qualifying.slice(0, 3);
    items.push({
      code: r.code,
      title: r.name,
      reason: renderReason(r.reasonTemplate, found.facts),
      priority: r.priority,
      scriptIds: picked.map((s) => s.id),
      scripts: picked.map((s) => ({ id: s.id, title: s.title })),
    });
  }
  return { items };
}
